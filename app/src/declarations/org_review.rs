//! What the 主管部门 and 职改办 receive: their queue and their decisions.

use super::transition::{apply, operator, Step};
use super::view::{self, PER_PAGE};
use super::*;
use crate::error::AppError;
use crate::server::access::{self, Actor, OrgKind};
use crate::server::entities::{declaration, org};
use crate::server::personal::Vault;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, TransactionTrait,
};

/// What was sent to the caller's organisation and waits for it.
pub async fn queue(db: &DatabaseConnection, actor: &Actor, page: u64) -> Result<Page<DeclarationRow>, AppError> {
    let (_, _, kind) = actor.officer()?;
    let waiting = match kind {
        OrgKind::Department => Status::DepartmentReview,
        OrgKind::Office => Status::OfficeReview,
    };
    let pager = declaration::Entity::find()
        .filter(access::declarations(actor)?)
        .filter(declaration::Column::Status.eq(waiting.code()))
        .order_by_asc(declaration::Column::SubmittedAt)
        .order_by_asc(declaration::Column::Id)
        .paginate(db, PER_PAGE);
    let total = pager.num_items().await?;
    let page = std::cmp::max(page, 1);
    let rows = pager.fetch_page(page - 1).await?;
    Ok(Page { rows: view::rows(db, rows).await?, total, page, per_page: PER_PAGE })
}

pub async fn decide(
    db: &DatabaseConnection,
    vault: &Vault,
    actor: &Actor,
    input: DecideInput,
) -> Result<DeclarationDetail, AppError> {
    actor.officer()?;
    let d = access::declaration(db, actor, input.id).await?;
    if !matches!(
        input.action,
        Action::DepartmentApprove
            | Action::DepartmentReturn
            | Action::OfficeApprove
            | Action::OfficeReturn
            | Action::OfficeReject
    ) {
        return Err(AppError::forbidden("不支持的审核操作"));
    }
    let who = operator(db, actor).await?;
    // A 主管部门's approval passes the declaration on to the 职改办 above it.
    let (mut extra, mut target) = (vec![], String::new());
    if input.action == Action::DepartmentApprove {
        let dept = org::Entity::find_by_id(d.target_org_id.unwrap_or_default()).one(db).await?;
        let parent = match dept.and_then(|o| o.parent_id) {
            Some(p) => org::Entity::find_by_id(p).one(db).await?,
            None => None,
        };
        let Some(parent) = parent else {
            tracing::error!(declaration = d.id, "a 主管部门 without a 职改办 above it");
            return Err(AppError::conflict("本主管部门未设置上级职改办，请联系系统管理员"));
        };
        extra.push((declaration::Column::TargetOrgId, Expr::value(Some(parent.id))));
        target = parent.name;
    }
    let (did, actor) = (d.id, actor.clone());
    db.transaction::<_, Status, AppError>(|txn| {
        Box::pin(async move {
            let step = Step { action: input.action, version: input.version, reason: &input.reason, target, extra };
            apply(txn, &d, &actor, &who, step).await
        })
    })
    .await?;
    view::reload(db, vault, did).await
}
