//! The organisation tree: list, 新增主管部门, 修改, 停用 and 启用.
//!
//! Organisations are never deleted: declarations, 操作记录 and certificates
//! name them. A closed one keeps its history, is no longer offered to
//! units, and its officers no longer sign in.

use super::{NewOrgInput, OrgNode, RenameOrgInput, MAX_ORG_NAME, MAX_ORG_SHORT};
use crate::domain::region;
use crate::error::{AppError, FieldError};
use crate::server::access::{self, Actor, OrgKind, REGION};
use crate::server::audit;
use crate::server::entities::{account, declaration, officer, org, org_todo};
use chrono::Utc;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::HashMap;

pub fn kind_label(o: &org::Model) -> &'static str {
    if o.kind == "office" {
        "职改办"
    } else {
        "主管部门"
    }
}

fn region_name(code: &str) -> String {
    if code == REGION {
        "广西壮族自治区".into()
    } else {
        region::name_of(code).unwrap_or_else(|| code.to_owned())
    }
}

/// Declarations waiting for `o` now (what its 待办事项 lists).
pub async fn waiting<C: ConnectionTrait>(db: &C, o: &org::Model) -> Result<u64, AppError> {
    let kind = if o.kind == "office" { OrgKind::Office } else { OrgKind::Department };
    Ok(declaration::Entity::find()
        .filter(declaration::Column::TargetOrgId.eq(o.id))
        .filter(declaration::Column::Status.eq(crate::declarations::org_review::waiting(kind).code()))
        .count(db)
        .await?)
}

/// Enabled officer accounts per organisation.
async fn officer_counts<C: ConnectionTrait>(db: &C) -> Result<HashMap<i64, u64>, AppError> {
    let rows: Vec<(Option<i64>, i64)> = officer::Entity::find()
        .select_only()
        .column(officer::Column::OrgId)
        .column_as(officer::Column::AccountId.count(), "n")
        .filter(
            officer::Column::AccountId.in_subquery(
                Query::select()
                    .column(account::Column::Id)
                    .from(account::Entity)
                    .and_where(account::Column::DisabledAt.is_null())
                    .to_owned(),
            ),
        )
        .filter(officer::Column::OrgId.is_not_null())
        .group_by(officer::Column::OrgId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().filter_map(|(o, n)| o.map(|o| (o, n as u64))).collect())
}

/// Waiting declarations per organisation: the red counts every move keeps.
async fn waiting_counts<C: ConnectionTrait>(db: &C) -> Result<HashMap<i64, u64>, AppError> {
    Ok(org_todo::Entity::find().all(db).await?.into_iter().map(|t| (t.org_id, t.waiting.max(0) as u64)).collect())
}

pub fn node(actor: &Actor, o: &org::Model, depth: u8, officers: u64, waiting: u64) -> OrgNode {
    OrgNode {
        id: o.id,
        name: o.name.clone(),
        short_name: o.short_name.clone(),
        kind_label: kind_label(o).into(),
        is_office: o.kind == "office",
        region_name: region_name(&o.region_code),
        depth,
        disabled: o.disabled_at.is_some(),
        officers,
        waiting,
        manageable: access::manages_org(actor, o),
        may_add_department: o.disabled_at.is_none() && access::may_add_under(actor, o),
    }
}

/// The tree the caller manages, in tree order: for the administrator the
/// 区职改办, its 主管部门, then each 市职改办 with its own; for a 职改办
/// itself and its 主管部门.
pub async fn tree<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<Vec<OrgNode>, AppError> {
    access::org_manager(actor)?;
    let all = org::Entity::find().order_by_asc(org::Column::Sort).order_by_asc(org::Column::Id).all(db).await?;
    let (officers, waiting) = (officer_counts(db).await?, waiting_counts(db).await?);
    let n = |o: &org::Model, depth| {
        node(actor, o, depth, officers.get(&o.id).copied().unwrap_or(0), waiting.get(&o.id).copied().unwrap_or(0))
    };
    let children = |parent: i64| all.iter().filter(move |o| o.parent_id == Some(parent));
    let mut out = Vec::new();
    let office = |o: &org::Model, depth: u8, out: &mut Vec<OrgNode>| {
        out.push(n(o, depth));
        out.extend(children(o.id).map(|d| n(d, depth + 1)));
    };
    match actor {
        Actor::Officer { org: mine, .. } => {
            if let Some(o) = all.iter().find(|o| o.id == *mine) {
                office(o, 0, &mut out);
            }
        }
        _ => {
            // The 市职改办 are not children in the table (each heads its
            // city) but are shown under the 区职改办.
            let offices: Vec<&org::Model> = all.iter().filter(|o| o.kind == "office").collect();
            for root in offices.iter().filter(|o| o.region_code == REGION) {
                office(root, 0, &mut out);
                for city in offices.iter().filter(|o| o.region_code != REGION) {
                    office(city, 1, &mut out);
                }
            }
        }
    }
    Ok(out)
}

/// One organisation the caller manages (403 otherwise, 404 when unknown).
pub async fn managed<C: ConnectionTrait>(db: &C, actor: &Actor, id: i64) -> Result<org::Model, AppError> {
    access::org_manager(actor)?;
    let o = org::Entity::find_by_id(id).one(db).await?.ok_or_else(|| AppError::not_found("机构不存在"))?;
    if !access::manages_org(actor, &o) {
        return Err(AppError::forbidden("无权管理该机构"));
    }
    Ok(o)
}

/// Checked 机构名称 and 简称 (the 简称 is the name when left empty); a name
/// another organisation has is refused.
async fn names<C: ConnectionTrait>(
    db: &C,
    name: &str,
    short: &str,
    except: Option<i64>,
) -> Result<(String, String), AppError> {
    let (name, short) = (name.trim().to_owned(), short.trim().to_owned());
    let mut errors = Vec::new();
    match name.chars().count() {
        0 => errors.push(FieldError::new("name", "请填写机构名称")),
        1 => errors.push(FieldError::new("name", "机构名称至少2个字")),
        n if n > MAX_ORG_NAME => errors.push(FieldError::new("name", format!("机构名称不能超过{MAX_ORG_NAME}个字"))),
        _ => {
            let mut same = org::Entity::find().filter(org::Column::Name.eq(&name));
            if let Some(id) = except {
                same = same.filter(org::Column::Id.ne(id));
            }
            if same.one(db).await?.is_some() {
                errors.push(FieldError::new("name", "已有同名机构，请核对机构名称"));
            }
        }
    }
    if short.chars().count() > MAX_ORG_SHORT {
        errors.push(FieldError::new("short_name", format!("简称不能超过{MAX_ORG_SHORT}个字")));
    }
    if !errors.is_empty() {
        return Err(AppError::fields(errors));
    }
    let short = if short.is_empty() { name.chars().take(MAX_ORG_SHORT).collect() } else { short };
    Ok((name, short))
}

/// 新增主管部门 under a 职改办 the caller may add to.
pub async fn create(db: &DatabaseConnection, actor: &Actor, ip: &str, input: NewOrgInput) -> Result<OrgNode, AppError> {
    access::org_manager(actor)?;
    let parent = org::Entity::find_by_id(input.parent_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::invalid("parent_id", "请选择上级职改办"))?;
    if !access::may_add_under(actor, &parent) {
        return Err(AppError::forbidden("无权在该机构下新增主管部门"));
    }
    if parent.disabled_at.is_some() {
        return Err(AppError::invalid("parent_id", "上级职改办已停用，不能新增主管部门"));
    }
    let (name, short) = names(db, &input.name, &input.short_name, None).await?;
    let last = org::Entity::find()
        .filter(org::Column::ParentId.eq(parent.id))
        .order_by_desc(org::Column::Sort)
        .one(db)
        .await?
        .map(|o| o.sort)
        .unwrap_or(parent.sort);
    let code = format!("ZGBM-{}-{}", parent.region_code, &uuid::Uuid::new_v4().simple().to_string()[..10]);
    let new = org::ActiveModel {
        code: Set(code),
        name: Set(name),
        short_name: Set(short),
        kind: Set("department".into()),
        region_code: Set(parent.region_code.clone()),
        parent_id: Set(Some(parent.id)),
        sort: Set(last + 1),
        disabled_at: Set(None),
        ..Default::default()
    };
    let parent_id = parent.id;
    let o = db
        .transaction::<_, org::Model, AppError>(|txn| {
            Box::pin(async move {
                let o = new.insert(txn).await?;
                parent_open(txn, parent_id).await?;
                Ok(o)
            })
        })
        .await?;
    audit::record(db, actor.account(), "新增主管部门", &format!("org:{}", o.id), ip, &o.name).await;
    Ok(node(actor, &o, 1, 0, 0))
}

/// 修改 the names of an organisation the caller manages.
pub async fn rename(db: &DatabaseConnection, actor: &Actor, ip: &str, input: RenameOrgInput) -> Result<(), AppError> {
    let o = managed(db, actor, input.id).await?;
    let (name, short) = names(db, &input.name, &input.short_name, Some(o.id)).await?;
    let detail = format!("{} → {}（简称：{}）", o.name, name, short);
    let mut m: org::ActiveModel = o.into();
    m.name = Set(name);
    m.short_name = Set(short);
    let o = m.update(db).await?;
    audit::record(db, actor.account(), "修改机构名称", &format!("org:{}", o.id), ip, &detail).await;
    Ok(())
}

/// Refuses when the 职改办 `parent` is closed: read after this
/// transaction's own write (on SQLite a read first would go stale against
/// a concurrent write and fail instead of waiting) and, on PostgreSQL,
/// FOR SHARE — closing the 职改办 (which writes its row first) then either
/// waits for this and counts the 主管部门 just opened, or this waits and
/// sees it closed.
async fn parent_open(txn: &sea_orm::DatabaseTransaction, parent: i64) -> Result<(), AppError> {
    let mut q = org::Entity::find_by_id(parent);
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        q = q.lock_shared();
    }
    match q.one(txn).await? {
        Some(p) if p.disabled_at.is_none() => Ok(()),
        _ => Err(AppError::conflict("上级职改办已停用，请先启用上级职改办")),
    }
}

/// 停用 or 启用. Closing is refused while declarations wait for the
/// organisation (with their count) or, for a 职改办, while a 主管部门 under
/// it is open: the work would be stranded.
pub async fn set_enabled(
    db: &DatabaseConnection,
    actor: &Actor,
    ip: &str,
    id: i64,
    enabled: bool,
) -> Result<(), AppError> {
    let o = managed(db, actor, id).await?;
    if enabled == o.disabled_at.is_none() {
        return Ok(());
    }
    let (oid, name) = (o.id, o.name.clone());
    db.transaction::<_, (), AppError>(|txn| {
        Box::pin(async move {
            // The row is written first: on PostgreSQL that locks it, so a 报送
            // to it or a 主管部门 opened under it (each reads it FOR SHARE after
            // its own write) waits and then sees it closed, and what is already
            // under way is counted below; on SQLite it makes this the one writer.
            let at = if enabled { None } else { Some(Utc::now()) };
            org::Entity::update_many()
                .col_expr(org::Column::DisabledAt, Expr::value(at))
                .filter(org::Column::Id.eq(oid))
                .exec(txn)
                .await?;
            if enabled {
                if let Some(parent) = o.parent_id {
                    parent_open(txn, parent).await?;
                }
                return Ok(());
            }
            let n = waiting(txn, &o).await?;
            if n > 0 {
                return Err(AppError::conflict(format!("该机构还有{n}件申报待审核，请办结后再停用")));
            }
            let open = org::Entity::find()
                .filter(org::Column::ParentId.eq(oid))
                .filter(org::Column::DisabledAt.is_null())
                .count(txn)
                .await?;
            if open > 0 {
                return Err(AppError::conflict(format!("该职改办下还有{open}个主管部门在用，请先停用")));
            }
            Ok(())
        })
    })
    .await?;
    let action = if enabled { "启用机构" } else { "停用机构" };
    audit::record(db, actor.account(), action, &format!("org:{oid}"), ip, &name).await;
    Ok(())
}
