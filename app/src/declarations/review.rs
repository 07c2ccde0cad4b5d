//! The unit's review: the four opinions, 审核报送, 退回给个人 (退回修改 or
//! 审核不通过), the 操作记录; and the decisions of the 主管部门 and 职改办.

use super::form::{Appraisal, Committee, Publicity, Recommendation};
use super::service::{apply, detail_of, find, log, operator, visible, Step, Viewer, PER_PAGE};
use super::*;
use crate::accounts::Role;
use crate::error::AppError;
use crate::server::context::RequestMeta;
use crate::server::entities::{declaration, operation_log, org, unit, unit_opinion};
use crate::server::AppState;
use crate::units::service::cn_time;
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

/// A declaration of the caller's unit that waits for the unit.
async fn for_unit_review(
    st: &AppState,
    meta: &RequestMeta,
    id: uuid::Uuid,
) -> Result<(Viewer, declaration::Model), AppError> {
    let (v, d) = visible(st, meta, id).await?;
    if !matches!(v, Viewer::Staff(..)) {
        return Err(AppError::forbidden("只有本单位工作人员可以审核该申报"));
    }
    let status = Status::from_code(&d.status).unwrap_or(Status::Draft);
    if !status.awaits_unit() {
        return Err(AppError::conflict(format!(
            "该申报当前状态为“{}”，已不在单位审核环节（可能已被他人处理），请刷新后查看",
            status.label()
        )));
    }
    Ok((v, d))
}

/// Which opinion, with its 操作记录 text.
#[derive(Clone, Copy)]
enum Part {
    Recommendation,
    Appraisal,
    Publicity,
    Committee,
}

impl Part {
    fn log_text(self) -> &'static str {
        match self {
            Part::Recommendation => "单位填写基层单位考核推荐意见",
            Part::Appraisal => "单位填写任职期满聘任职称考核结果",
            Part::Publicity => "单位填写公示情况",
            Part::Committee => "单位填写单位会议小组审议推荐意见",
        }
    }
}

async fn save_part(
    st: &AppState,
    meta: &RequestMeta,
    id: uuid::Uuid,
    part: Part,
    json: String,
) -> Result<DeclarationDetail, AppError> {
    let (v, d) = for_unit_review(st, meta, id).await?;
    if matches!(part, Part::Committee) && Level::from_code(&d.level).is_some_and(Level::is_junior) {
        return Err(AppError::invalid("committee", "初级职称申报不需要填写单位审议小组审议推荐意见"));
    }
    let who = operator(&st.db, v).await?;
    let d2 = d.clone();
    st.db
        .transaction::<_, (), AppError>(|txn| {
            Box::pin(async move {
                let existing = unit_opinion::Entity::find_by_id(d2.id).one(txn).await?;
                let is_new = existing.is_none();
                let mut am: unit_opinion::ActiveModel = match existing {
                    Some(o) => o.into(),
                    None => unit_opinion::ActiveModel {
                        declaration_id: Set(d2.id),
                        recommendation: Set(None),
                        appraisal: Set(None),
                        publicity: Set(None),
                        committee: Set(None),
                        updated_at: Set(Utc::now()),
                    },
                };
                match part {
                    Part::Recommendation => am.recommendation = Set(Some(json)),
                    Part::Appraisal => am.appraisal = Set(Some(json)),
                    Part::Publicity => am.publicity = Set(Some(json)),
                    Part::Committee => am.committee = Set(Some(json)),
                }
                am.updated_at = Set(Utc::now());
                // The key is the declaration's: `save` would take it for an update.
                if is_new {
                    am.insert(txn).await?;
                } else {
                    am.update(txn).await?;
                }
                log(txn, &d2, &who, part.log_text(), "", "").await
            })
        })
        .await?;
    detail_of(st, d).await
}

fn checked<T: serde::Serialize>(value: &T, errors: Vec<crate::error::FieldError>) -> Result<String, AppError> {
    if !errors.is_empty() {
        return Err(AppError::fields(errors));
    }
    serde_json::to_string(value).map_err(|_| AppError::internal())
}

pub async fn save_recommendation(
    st: &AppState,
    meta: &RequestMeta,
    id: uuid::Uuid,
    o: Recommendation,
) -> Result<DeclarationDetail, AppError> {
    let json = checked(&o, o.check())?;
    save_part(st, meta, id, Part::Recommendation, json).await
}

pub async fn save_appraisal(
    st: &AppState,
    meta: &RequestMeta,
    id: uuid::Uuid,
    o: Appraisal,
) -> Result<DeclarationDetail, AppError> {
    let json = checked(&o, o.check())?;
    save_part(st, meta, id, Part::Appraisal, json).await
}

pub async fn save_publicity(
    st: &AppState,
    meta: &RequestMeta,
    id: uuid::Uuid,
    o: Publicity,
) -> Result<DeclarationDetail, AppError> {
    let json = checked(&o, o.check())?;
    save_part(st, meta, id, Part::Publicity, json).await
}

pub async fn save_committee(
    st: &AppState,
    meta: &RequestMeta,
    id: uuid::Uuid,
    o: Committee,
) -> Result<DeclarationDetail, AppError> {
    let json = checked(&o, o.check())?;
    save_part(st, meta, id, Part::Committee, json).await
}

/// 报送人事主管部门: the 主管部门 of the unit's city and of the region, and
/// the unit's 市职改办 and the 区职改办 — by full name.
pub async fn targets(st: &AppState, meta: &RequestMeta, id: uuid::Uuid) -> Result<Vec<TargetOption>, AppError> {
    let (_, d) = for_unit_review(st, meta, id).await?;
    let u = unit::Entity::find_by_id(d.unit_id).one(&st.db).await?.ok_or_else(AppError::internal)?;
    let orgs = org::Entity::find()
        .filter(org::Column::RegionCode.is_in([u.city_code.as_str(), "450000"]))
        .order_by_asc(org::Column::Sort)
        .all(&st.db)
        .await?;
    Ok(orgs
        .into_iter()
        .map(|o| TargetOption {
            kind: if o.kind == "office" { Target::Office } else { Target::Department },
            code: o.code,
            name: o.name,
        })
        .collect())
}

pub async fn forward(st: &AppState, meta: &RequestMeta, input: ForwardInput) -> Result<DeclarationDetail, AppError> {
    let (v, d) = for_unit_review(st, meta, input.id).await?;
    let mut errors = Vec::new();
    let leader = input.unit_leader.trim().to_owned();
    if leader.is_empty() {
        errors.push(crate::error::FieldError::new("unit_leader", "请填写单位负责人"));
    } else if leader.chars().count() > 30 {
        errors.push(crate::error::FieldError::new("unit_leader", "单位负责人不能超过30个字符"));
    }
    let allowed = targets(st, meta, input.id).await?;
    let target = allowed.iter().find(|t| t.code == input.target);
    if target.is_none() {
        errors.push(crate::error::FieldError::new("target", "请从下拉列表中选择报送的主管部门或职改办"));
    }
    let level = Level::from_code(&d.level).unwrap_or(Level::Junior);
    let missing = super::service::opinions_of(&st.db, d.id).await?.missing(level);
    if !missing.is_empty() {
        errors.push(crate::error::FieldError::new("opinions", format!("请先填写：{}", missing.join("、"))));
    }
    let (Some(target), true) = (target, errors.is_empty()) else { return Err(AppError::fields(errors)) };
    let target_org = org::Entity::find()
        .filter(org::Column::Code.eq(&target.code))
        .one(&st.db)
        .await?
        .ok_or_else(AppError::internal)?;
    let who = operator(&st.db, v).await?;
    let step = Step {
        action: Action::UnitForward(target.kind),
        version: input.version,
        reason: "",
        target: target_org.name.clone(),
        extra: vec![
            (declaration::Column::TargetOrgId, Expr::value(Some(target_org.id))),
            (declaration::Column::UnitLeader, Expr::value(leader)),
        ],
    };
    let d2 = d.clone();
    st.db
        .transaction::<_, Status, AppError>(|txn| Box::pin(async move { apply(txn, &d2, v, &who, step).await }))
        .await?;
    detail_of(st, find(st, input.id).await?).await
}

/// 退回给个人: 退回修改 (may be sent again) or 审核不通过 (final).
pub async fn send_back(st: &AppState, meta: &RequestMeta, input: ReturnInput) -> Result<DeclarationDetail, AppError> {
    let (v, d) = for_unit_review(st, meta, input.id).await?;
    let action = if input.reject { Action::UnitReject } else { Action::UnitReturn };
    let who = operator(&st.db, v).await?;
    let d2 = d.clone();
    st.db
        .transaction::<_, Status, AppError>(|txn| {
            Box::pin(async move {
                let step = Step {
                    action,
                    version: input.version,
                    reason: &input.reason,
                    target: String::new(),
                    extra: vec![],
                };
                apply(txn, &d2, v, &who, step).await
            })
        })
        .await?;
    detail_of(st, find(st, input.id).await?).await
}

// --------------------------------------------------- 主管部门 and 职改办

/// What was sent to the caller's organisation (waiting first).
pub async fn org_queue(st: &AppState, meta: &RequestMeta, page: u64) -> Result<DeclarationPage, AppError> {
    let v = super::service::viewer(st, meta).await?;
    let Viewer::Officer(_, org_id, role) = v else {
        return Err(AppError::forbidden("只有主管部门或职改办工作人员可以查看"));
    };
    let waiting = match role {
        Role::Department => Status::DepartmentReview,
        Role::Office => Status::OfficeReview,
        _ => return Err(AppError::forbidden("只有主管部门或职改办工作人员可以查看")),
    };
    let pager = declaration::Entity::find()
        .filter(declaration::Column::TargetOrgId.eq(org_id))
        .filter(declaration::Column::Status.eq(waiting.code()))
        .order_by_asc(declaration::Column::SubmittedAt)
        .paginate(&st.db, PER_PAGE);
    let total = pager.num_items().await?;
    let page = std::cmp::max(page, 1);
    let rows = pager.fetch_page(page - 1).await?;
    Ok(DeclarationPage { rows: super::service::rows_view_pub(&st.db, rows).await?, total, page, per_page: PER_PAGE })
}

pub async fn decide(st: &AppState, meta: &RequestMeta, input: DecideInput) -> Result<DeclarationDetail, AppError> {
    let (v, d) = visible(st, meta, input.id).await?;
    if !matches!(v, Viewer::Officer(..)) {
        return Err(AppError::forbidden("只有主管部门或职改办工作人员可以审核"));
    }
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
    let who = operator(&st.db, v).await?;
    // A 主管部门's approval passes the declaration on to the 职改办 above it.
    let (mut extra, mut target) = (vec![], String::new());
    if input.action == Action::DepartmentApprove {
        let dept = org::Entity::find_by_id(d.target_org_id.unwrap_or_default()).one(&st.db).await?;
        if let Some(parent) = dept.and_then(|o| o.parent_id) {
            extra.push((declaration::Column::TargetOrgId, Expr::value(Some(parent))));
            target = org::Entity::find_by_id(parent).one(&st.db).await?.map(|o| o.name).unwrap_or_default();
        }
    }
    let d2 = d.clone();
    st.db
        .transaction::<_, Status, AppError>(|txn| {
            Box::pin(async move {
                let step = Step { action: input.action, version: input.version, reason: &input.reason, target, extra };
                apply(txn, &d2, v, &who, step).await
            })
        })
        .await?;
    detail_of(st, find(st, input.id).await?).await
}

// ------------------------------------------------------------ 操作记录

pub async fn operations(
    st: &AppState,
    meta: &RequestMeta,
    f: OperationFilter,
    per_page: u64,
) -> Result<OperationPage, AppError> {
    let (_, unit_id) = crate::units::service::active_staff_unit(st, meta).await?;
    let mut q = operation_log::Entity::find().filter(operation_log::Column::UnitId.eq(unit_id));
    if let Some(y) = f.year {
        q = q.filter(operation_log::Column::BatchYear.eq(y));
    }
    let kw = f.keyword.trim();
    if !kw.is_empty() {
        q = q.filter(
            Condition::any()
                .add(Expr::col(operation_log::Column::ApplicantName).like(crate::server::text::contains(kw, 30)))
                .add(Expr::col(operation_log::Column::Action).like(crate::server::text::contains(kw, 30))),
        );
    }
    let pager =
        q.order_by_desc(operation_log::Column::At).order_by_desc(operation_log::Column::Id).paginate(&st.db, per_page);
    let total = pager.num_items().await?;
    let page = std::cmp::max(f.page, 1);
    let rows = pager
        .fetch_page(page - 1)
        .await?
        .into_iter()
        .map(|l| OperationRow {
            year: l.batch_year,
            at: cn_time(l.at),
            operator: l.operator_name,
            applicant: l.applicant_name,
            id_number_masked: l.applicant_id_masked,
            action: l.action,
            operator_org: l.operator_org,
            target: l.target,
            reason: l.reason,
        })
        .collect();
    Ok(OperationPage { rows, total, page, per_page })
}
