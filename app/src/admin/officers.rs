//! An organisation's officers: list, 新增工作人员, 停用/启用, 重置密码.
//!
//! The password given here is an initial one: the account can do nothing
//! but choose its own until it has (`access::Actor::PasswordChange`).

use super::orgs::{self, kind_label};
use super::{check_username, NewOfficerInput, OfficerRow, OrgWithOfficers, ResetPasswordInput};
use crate::domain::{IdNumber, Password};
use crate::error::{AppError, FieldError};
use crate::server::access::Actor;
use crate::server::entities::{account, officer, org};
use crate::server::hashing::HashPool;
use crate::server::personal::Vault;
use crate::server::sign_in::new_account;
use crate::server::text::{cn_time, today_cn};
use crate::server::{audit, session};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

/// Most officers one organisation lists (far more than any has).
const MAX_LISTED: u64 = 500;

/// An organisation the caller manages, with its officers.
pub async fn of_org<C: ConnectionTrait>(db: &C, actor: &Actor, org_id: i64) -> Result<OrgWithOfficers, AppError> {
    use sea_orm::QuerySelect;
    let o = orgs::managed(db, actor, org_id).await?;
    let officers = officer::Entity::find()
        .filter(officer::Column::OrgId.eq(o.id))
        .order_by_asc(officer::Column::AccountId)
        .limit(MAX_LISTED)
        .all(db)
        .await?;
    let ids: Vec<i64> = officers.iter().map(|x| x.account_id).collect();
    let accounts: std::collections::HashMap<i64, account::Model> = account::Entity::find()
        .filter(account::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let rows: Vec<OfficerRow> =
        officers.into_iter().filter_map(|x| accounts.get(&x.account_id).map(|a| row(&o, x, a))).collect();
    let enabled = rows.iter().filter(|r| r.enabled).count() as u64;
    let waiting = orgs::waiting(db, &o).await?;
    let depth = if o.parent_id.is_some() { 1 } else { 0 };
    Ok(OrgWithOfficers { org: orgs::node(actor, &o, depth, enabled, waiting), rows })
}

fn row(o: &org::Model, x: officer::Model, a: &account::Model) -> OfficerRow {
    OfficerRow {
        id: a.public_id,
        username: x.username,
        name: x.name,
        role_label: kind_label(o).into(),
        enabled: a.disabled_at.is_none(),
        must_change_password: a.must_change_password,
        created_at: cn_time(a.created_at),
    }
}

/// The new password twice, by the password rule.
fn initial_password(password: &str, confirm: &str, errors: &mut Vec<FieldError>) -> Option<Password> {
    let p = Password::parse(password).map_err(|e| errors.push(FieldError::new("password", e.message()))).ok();
    if password != confirm {
        errors.push(FieldError::new("password_confirm", "两次输入的密码不一致"));
    }
    p
}

/// 新增工作人员 in an organisation the caller manages; the role follows the
/// organisation (职改办 or 主管部门).
pub async fn create(
    db: &DatabaseConnection,
    vault: &Vault,
    hasher: &HashPool,
    actor: &Actor,
    ip: &str,
    input: NewOfficerInput,
) -> Result<OfficerRow, AppError> {
    let o = orgs::managed(db, actor, input.org_id).await?;
    if o.disabled_at.is_some() {
        return Err(AppError::conflict("该机构已停用，不能新增工作人员"));
    }
    let mut errors = Vec::new();
    let username = check_username(&input.username)
        .map_err(|m| errors.push(FieldError::new("username", m)))
        .ok()
        .map(str::to_owned);
    let name = input.name.trim().to_owned();
    match name.chars().count() {
        0 => errors.push(FieldError::new("name", "请填写姓名")),
        n if n > 30 => errors.push(FieldError::new("name", "姓名不能超过30个字")),
        _ => {}
    }
    let password = initial_password(&input.password, &input.password_confirm, &mut errors);
    // Sealed like every 证件号码; its keyed hash keeps them from deciding their own declaration.
    let id_number = match input.id_number.trim() {
        "" => None,
        typed => match IdNumber::parse(typed, today_cn()) {
            Ok(id) => Some((vault.seal(id.as_str()), vault.hash(id.as_str()))),
            Err(e) => {
                errors.push(FieldError::new("id_number", e.message()));
                None
            }
        },
    };
    if let Some(u) = &username {
        if officer::Entity::find().filter(officer::Column::Username.eq(u)).one(db).await?.is_some() {
            errors.push(FieldError::new("username", "该登录名已被使用"));
        }
    }
    let (Some(username), Some(password), true) = (username, password, errors.is_empty()) else {
        return Err(AppError::fields(errors));
    };
    let hash = hasher.hash(password.expose().to_owned()).await?;
    let (org_id, role) = (o.id, o.kind.clone());
    let (u, n) = (username.clone(), name.clone());
    let (sealed, hashed) = id_number.map(|(s, h)| (Some(s), Some(h))).unwrap_or((None, None));
    let made = db
        .transaction::<_, (officer::Model, account::Model), AppError>(|txn| {
            Box::pin(async move {
                let acc = new_account(txn, "officer", hash).await?;
                account::Entity::update_many()
                    .col_expr(account::Column::MustChangePassword, Expr::value(true))
                    .filter(account::Column::Id.eq(acc.id))
                    .exec(txn)
                    .await?;
                let x = officer::ActiveModel {
                    account_id: Set(acc.id),
                    username: Set(u),
                    name: Set(n),
                    role: Set(role),
                    org_id: Set(Some(org_id)),
                    id_number: Set(sealed),
                    id_number_hash: Set(hashed),
                }
                .insert(txn)
                .await?;
                Ok((x, account::Model { must_change_password: true, ..acc }))
            })
        })
        .await;
    let (x, acc) = match made {
        Ok(v) => v,
        Err(e) => {
            // Two managers typing the same 登录名 at once: the unique index decided.
            if officer::Entity::find().filter(officer::Column::Username.eq(&username)).one(db).await?.is_some() {
                return Err(AppError::invalid("username", "该登录名已被使用"));
            }
            return Err(e.into());
        }
    };
    audit::record(
        db,
        actor.account(),
        "新增工作人员",
        &format!("officer:{}", acc.id),
        ip,
        &format!("{}（{}）", name, o.name),
    )
    .await;
    Ok(row(&o, x, &acc))
}

/// The officer `id` (an account's public id) in an organisation the caller manages.
async fn managed_officer<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    id: uuid::Uuid,
) -> Result<(officer::Model, account::Model, org::Model), AppError> {
    crate::server::access::org_manager(actor)?;
    let gone = || AppError::not_found("工作人员不存在");
    let acc = account::Entity::find().filter(account::Column::PublicId.eq(id)).one(db).await?.ok_or_else(gone)?;
    let x = officer::Entity::find_by_id(acc.id).one(db).await?.ok_or_else(gone)?;
    // The administrator's own account belongs to no organisation: nobody manages it here.
    let Some(org_id) = x.org_id else { return Err(AppError::forbidden("无权管理该账号")) };
    let o = orgs::managed(db, actor, org_id).await.map_err(|e| match e {
        AppError::NotFound { .. } => gone(),
        e => e,
    })?;
    Ok((x, acc, o))
}

/// 停用 (the officer is signed out at once) or 启用 an officer.
pub async fn set_enabled(
    db: &DatabaseConnection,
    actor: &Actor,
    ip: &str,
    id: uuid::Uuid,
    enabled: bool,
) -> Result<(), AppError> {
    let (x, acc, _) = managed_officer(db, actor, id).await?;
    if actor.account() == Some(acc.id) {
        return Err(AppError::conflict("不能停用自己的账号"));
    }
    if enabled == acc.disabled_at.is_none() {
        return Ok(());
    }
    let at = if enabled { None } else { Some(Utc::now()) };
    let aid = acc.id;
    db.transaction::<_, (), AppError>(|txn| {
        Box::pin(async move {
            account::Entity::update_many()
                .col_expr(account::Column::DisabledAt, Expr::value(at))
                .col_expr(account::Column::UpdatedAt, Expr::value(Utc::now()))
                .filter(account::Column::Id.eq(aid))
                .exec(txn)
                .await?;
            if !enabled {
                session::end_others(txn, aid, "").await?;
            }
            Ok(())
        })
    })
    .await?;
    let action = if enabled { "启用工作人员" } else { "停用工作人员" };
    audit::record(db, actor.account(), action, &format!("officer:{aid}"), ip, &x.name).await;
    Ok(())
}

/// 重置密码: a new initial password; the officer's sessions end and the
/// next sign-in must choose their own.
pub async fn reset_password(
    db: &DatabaseConnection,
    hasher: &HashPool,
    actor: &Actor,
    ip: &str,
    input: ResetPasswordInput,
) -> Result<(), AppError> {
    let (x, acc, _) = managed_officer(db, actor, input.id).await?;
    let mut errors = Vec::new();
    let password = initial_password(&input.password, &input.password_confirm, &mut errors);
    let (Some(password), true) = (password, errors.is_empty()) else { return Err(AppError::fields(errors)) };
    let hash = hasher.hash(password.expose().to_owned()).await?;
    let aid = acc.id;
    db.transaction::<_, (), AppError>(|txn| {
        Box::pin(async move {
            crate::server::sign_in::set_password(txn, aid, hash).await?;
            account::Entity::update_many()
                .col_expr(account::Column::MustChangePassword, Expr::value(true))
                .filter(account::Column::Id.eq(aid))
                .exec(txn)
                .await?;
            Ok(())
        })
    })
    .await?;
    audit::record(db, actor.account(), "重置工作人员密码", &format!("officer:{aid}"), ip, &x.name).await;
    Ok(())
}
