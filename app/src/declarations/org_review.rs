//! What the 主管部门 and 职改办 decide: their 待办事项 and red count, one
//! decision, and 批量审核 (each row its own transaction). A 职改办's 审核通过
//! issues the certificate in the decision's transaction.

use super::search::filtered;
use super::transition::{apply, committed, operator, Operator, Step};
use super::view::{self, business_of, level_of, parse_form, Order, PER_PAGE};
use super::*;
use crate::certificates::issue::{self as certify, Kind, NewCertificate};
use crate::certificates::title;
use crate::error::{AppError, FieldError};
use crate::server::access::{self, Actor, OrgKind};
use crate::server::entities::{certificate, declaration, org, org_todo, person, qualification_name, series, specialty};
use crate::server::text::today_cn;
use crate::server::AppState;
use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
};

/// Most rows one 批量审核 takes.
pub const MAX_BATCH: usize = 1000;

/// The status that waits for an organisation of `kind` (its 待办事项).
pub fn waiting(kind: OrgKind) -> Status {
    match kind {
        OrgKind::Department => Status::DepartmentReview,
        OrgKind::Office => Status::OfficeReview,
    }
}

/// The red number beside 待办事项: what was sent to this organisation and
/// waits for it (one indexed count).
pub async fn count<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<u64, AppError> {
    let (_, org_id, _) = actor.officer()?;
    let row = org_todo::Entity::find_by_id(org_id).one(db).await?;
    Ok(row.map(|r| r.waiting.max(0) as u64).unwrap_or(0))
}

/// The office area's header: the organisation and its red count.
pub async fn home<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<OfficeHome, AppError> {
    let (_, org_id, kind) = actor.officer()?;
    let o = org::Entity::find_by_id(org_id).one(db).await?.ok_or_else(AppError::internal)?;
    Ok(OfficeHome { org_name: o.name, is_office: kind == OrgKind::Office, todo_count: count(db, actor).await? })
}

/// 待办事项: what waits for this organisation, oldest first, filtered.
pub async fn queue<C: ConnectionTrait>(
    db: &C,
    st: &AppState,
    actor: &Actor,
    mut f: OfficeFilter,
) -> Result<Page<DeclarationRow>, AppError> {
    let (_, org_id, kind) = actor.officer()?;
    f.status = None;
    let filter = filtered(db, &st.vault, actor, &f)
        .await?
        .add(declaration::Column::TargetOrgId.eq(org_id))
        .add(declaration::Column::Status.eq(waiting(kind).code()));
    let unfiltered = OfficeFilter { page: f.page, ..Default::default() } == f;
    if !unfiltered {
        return view::page(db, filter, Order::OldestFirst, f.page, PER_PAGE).await;
    }
    // The whole queue: its size is the red count, kept by every move.
    let total = count(db, actor).await?;
    view::page_of(db, filter, Order::OldestFirst, f.page, PER_PAGE, total).await
}

/// A checked 批准文号 and 取得资格时间.
struct Approved {
    approval_no: String,
    qualified_on: NaiveDate,
}

fn check_approval(a: &Approval) -> Result<Approved, AppError> {
    let mut errors = Vec::new();
    let no = a.approval_no.trim();
    if no.is_empty() {
        errors.push(FieldError::new("approval_no", "请填写批准文号"));
    } else if no.chars().count() > 60 {
        errors.push(FieldError::new("approval_no", "批准文号不能超过60个字符"));
    }
    let date = NaiveDate::parse_from_str(a.qualified_on.trim(), "%Y-%m-%d").ok();
    match date {
        None => errors.push(FieldError::new("qualified_on", "请填写取得资格时间（年-月-日）")),
        Some(d) if d > today_cn() => errors.push(FieldError::new("qualified_on", "取得资格时间不能晚于今天")),
        Some(d) if d < NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or_default() => {
            errors.push(FieldError::new("qualified_on", "取得资格时间不正确"))
        }
        Some(_) => {}
    }
    match (errors.is_empty(), date) {
        (true, Some(qualified_on)) => Ok(Approved { approval_no: no.to_owned(), qualified_on }),
        _ => Err(AppError::fields(errors)),
    }
}

/// Whether this approval needs a 批准文号 and 取得资格时间 from the office: all
/// but a 补发 of a certificate issued here (it keeps the original's).
fn needs_approval(d: &declaration::Model, action: Action) -> bool {
    action == Action::OfficeApprove
        && !(d.business == Business::Replacement.code() && d.original_certificate_id.is_some())
}

fn is_decision(action: Action) -> bool {
    matches!(
        action,
        Action::DepartmentApprove
            | Action::DepartmentReturn
            | Action::OfficeApprove
            | Action::OfficeReturn
            | Action::OfficeReject
    )
}

/// The enabled 资格名称 (what new certificates may print).
async fn title_names<C: ConnectionTrait>(db: &C) -> Result<Vec<title::TitleName>, AppError> {
    use qualification_name::Column as Q;
    Ok(qualification_name::Entity::find()
        .filter(Q::DisabledAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|n| title::TitleName {
            series_id: n.series_id,
            specialty_id: n.specialty_id,
            level: n.level,
            name: n.name,
        })
        .collect())
}

/// What every decision of one request shares: the deciding organisation,
/// the operator, the dictionaries a certificate names.
struct Desk {
    office: org::Model,
    who: Operator,
    series: Vec<series::Model>,
    specialties: Vec<specialty::Model>,
    names: Vec<title::TitleName>,
}

impl Desk {
    async fn open<C: ConnectionTrait>(db: &C, actor: &Actor, action: Action) -> Result<Self, AppError> {
        let (_, org_id, _) = actor.officer()?;
        if !is_decision(action) {
            return Err(AppError::forbidden("不支持的审核操作"));
        }
        if actor.role() != Some(action.actor()) {
            return Err(AppError::forbidden(super::workflow::Refusal::WrongRole.message(action)));
        }
        let office = org::Entity::find_by_id(org_id).one(db).await?.ok_or_else(AppError::internal)?;
        let who = operator(db, actor).await?;
        let (series, specialties, names) = if action == Action::OfficeApprove {
            (series::Entity::find().all(db).await?, specialty::Entity::find().all(db).await?, title_names(db).await?)
        } else {
            (vec![], vec![], vec![])
        };
        Ok(Self { office, who, series, specialties, names })
    }
}

/// One decision in its own transaction: the move, its 操作记录 and
/// messages, and for a 职改办's 审核通过 the certificate. Returns the
/// certificate's number when one was issued.
async fn decide_one(
    st: &AppState,
    actor: &Actor,
    desk: &Desk,
    d: declaration::Model,
    step: (Action, i32, &str),
    approval: Option<&Approved>,
) -> Result<Option<String>, AppError> {
    let (action, version, reason) = step;
    let db = &st.db;
    // Offices see their jurisdiction; they decide only what was sent to them.
    if d.target_org_id != Some(desk.office.id) {
        let now = super::transition::status_of(&d)?.label();
        return Err(AppError::conflict(format!("该申报当前不在本机构的待办事项中（当前状态：{now}），不能办理")));
    }
    // A 主管部门's approval passes the declaration on to the 职改办 above it.
    let (mut extra, mut target, mut to_org) = (vec![], String::new(), None);
    if action == Action::DepartmentApprove {
        let parent = match desk.office.parent_id {
            Some(p) => org::Entity::find_by_id(p).one(db).await?,
            None => None,
        };
        let Some(parent) = parent else {
            tracing::error!(declaration = d.id, "a 主管部门 without a 职改办 above it");
            return Err(AppError::conflict("本主管部门未设置上级职改办，请联系系统管理员"));
        };
        extra.push((declaration::Column::TargetOrgId, Expr::value(Some(parent.id))));
        to_org = Some(parent.id);
        target = parent.name;
    }
    let certificate = match action {
        Action::OfficeApprove => Some(new_certificate(db, st, desk, &d, approval).await?),
        _ => None,
    };
    let (actor, who, reason) = (actor.clone(), desk.who.clone(), reason.to_owned());
    let (vault, format) = (st.vault.clone(), st.config.certificate_number_format.clone());
    let issued = db
        .transaction::<_, Option<String>, AppError>(|txn| {
            Box::pin(async move {
                let step = Step { action, version, reason: &reason, target, extra, to_org };
                apply(txn, &d, &actor, &who, step).await?;
                let Some((new, original)) = certificate else { return Ok(None) };
                let c = certify::issue(txn, &vault, &format, new).await?;
                if let Some(original) = original {
                    let why = format!("证书遗失补办，已补发新证书（{}）", c.number);
                    certify::void_for_reissue(txn, original, d.person_id, c.id, &why).await?;
                }
                Ok(Some(c.number))
            })
        })
        .await?;
    committed(action);
    Ok(issued)
}

/// The certificate a 职改办's 审核通过 issues, and the original a 补发 voids.
async fn new_certificate(
    db: &DatabaseConnection,
    st: &AppState,
    desk: &Desk,
    d: &declaration::Model,
    approval: Option<&Approved>,
) -> Result<(NewCertificate, Option<i64>), AppError> {
    let holder_id = st.vault.open(&d.applicant_id_number);
    if holder_id.is_empty() {
        // Sealed under a key this server no longer has: never a blank certificate.
        tracing::error!(declaration = d.id, "the applicant's 证件号码 does not open");
        return Err(AppError::internal());
    }
    let level = level_of(d)?;
    let series = desk.series.iter().find(|s| s.id == d.series_id).map(|s| s.name.clone()).unwrap_or_default();
    let specialty =
        desk.specialties.iter().find(|s| s.id == d.specialty_id).map(|s| s.name.clone()).unwrap_or_default();
    let Some(qualification) = title::qualification(&desk.names, d.series_id, d.specialty_id, level.code()) else {
        return Err(AppError::conflict(format!(
            "{series}未设置{}的资格名称，请联系系统管理员在字典管理中设置后再审核通过",
            level.label()
        )));
    };
    let mut new = NewCertificate {
        office: desk.office.clone(),
        declaration_id: d.id,
        person_id: d.person_id,
        unit_id: d.unit_id,
        holder_name: d.applicant_name.clone(),
        holder_id_number: holder_id,
        qualification: qualification.to_owned(),
        series,
        specialty,
        level: level.label().to_owned(),
        approval_no: String::new(),
        qualified_on: NaiveDate::default(),
        kind: Kind::Original,
        replaces: None,
        replaces_number: String::new(),
    };
    if business_of(d)? == Business::Replacement {
        new.kind = Kind::Reissue;
        if let Some(id) = d.original_certificate_id {
            // A 补发 says what the original said, under a new number.
            let o = certificate::Entity::find_by_id(id).one(db).await?.ok_or_else(AppError::internal)?;
            if o.person_id != d.person_id || o.status != certify::VALID {
                return Err(AppError::conflict("原证书已作废或不属于申报人，不能补发"));
            }
            new.series = o.series;
            new.specialty = o.specialty;
            new.qualification = o.qualification;
            new.level = o.level;
            new.approval_no = o.approval_no;
            new.qualified_on = o.qualified_on;
            new.replaces_number = o.number;
            new.replaces = Some(o.id);
            return Ok((new, Some(o.id)));
        }
        // An original issued elsewhere, as the office checked it.
        let original = parse_form(d).original;
        if !original.title.trim().is_empty() {
            new.qualification = original.title.trim().to_owned();
        }
        new.replaces_number = original.certificate_number.trim().to_owned();
        let Some(a) = approval else {
            return Err(AppError::invalid("approval_no", "请填写批准文号"));
        };
        new.approval_no = a.approval_no.clone();
        // The title was obtained when the lost original says (checked at 报送),
        // whatever date a batch decision carries.
        new.qualified_on = NaiveDate::parse_from_str(original.date.trim(), "%Y-%m-%d").unwrap_or(a.qualified_on);
        return Ok((new, None));
    }
    let Some(a) = approval else {
        return Err(AppError::invalid("approval_no", "请填写批准文号"));
    };
    new.approval_no = a.approval_no.clone();
    new.qualified_on = a.qualified_on;
    Ok((new, None))
}

fn check_reason(action: Action, reason: &str) -> Result<(), AppError> {
    if action.needs_reason() && reason.trim().is_empty() {
        return Err(AppError::invalid("reason", "请填写原因"));
    }
    if reason.chars().count() > 500 {
        return Err(AppError::invalid("reason", "原因不能超过500个字符"));
    }
    Ok(())
}

pub async fn decide(st: &AppState, actor: &Actor, input: DecideInput) -> Result<DeclarationDetail, AppError> {
    let db = &st.db;
    let desk = Desk::open(db, actor, input.action).await?;
    let d = access::declaration(db, actor, input.id).await?;
    check_reason(input.action, &input.reason)?;
    let approval = match needs_approval(&d, input.action) {
        true => Some(check_approval(&input.approval)?),
        false => None,
    };
    let did = d.id;
    decide_one(st, actor, &desk, d, (input.action, input.version, &input.reason), approval.as_ref()).await?;
    notify(st, did).await;
    view::reload(db, &st.vault, did).await
}

/// 批量审核: the reason and approval are checked once; each row is decided
/// in its own transaction and the result says which went and why not.
pub async fn decide_many(st: &AppState, actor: &Actor, input: BatchDecideInput) -> Result<Vec<BatchOutcome>, AppError> {
    let db = &st.db;
    let desk = Desk::open(db, actor, input.action).await?;
    if input.items.is_empty() {
        return Err(AppError::invalid("items", "请先勾选要审核的申报"));
    }
    if input.items.len() > MAX_BATCH {
        return Err(AppError::invalid("items", format!("一次最多批量审核{MAX_BATCH}条")));
    }
    check_reason(input.action, &input.reason)?;
    let approval = match input.action {
        Action::OfficeApprove
            if !input.approval.approval_no.trim().is_empty() || !input.approval.qualified_on.is_empty() =>
        {
            Some(check_approval(&input.approval)?)
        }
        _ => None,
    };
    let mut out = Vec::with_capacity(input.items.len());
    for item in input.items {
        let d = match access::declaration(db, actor, item.id).await {
            Ok(d) => d,
            Err(e) => {
                out.push(BatchOutcome {
                    id: item.id,
                    applicant_name: String::new(),
                    ok: false,
                    message: e.to_string(),
                });
                continue;
            }
        };
        let (name, did) = (d.applicant_name.clone(), d.id);
        if needs_approval(&d, input.action) && approval.is_none() {
            out.push(BatchOutcome {
                id: item.id,
                applicant_name: name,
                ok: false,
                message: "请填写批准文号和取得资格时间".into(),
            });
            continue;
        }
        let step = (input.action, item.version, input.reason.as_str());
        match decide_one(st, actor, &desk, d, step, approval.as_ref()).await {
            Ok(number) => {
                notify(st, did).await;
                let message = number.map(|n| format!("已发证书 {n}")).unwrap_or_else(|| "办理成功".into());
                out.push(BatchOutcome { id: item.id, applicant_name: name, ok: true, message });
            }
            Err(e) => out.push(BatchOutcome { id: item.id, applicant_name: name, ok: false, message: e.to_string() }),
        }
    }
    Ok(out)
}

/// With SMTP configured, the applicant is e-mailed the message the decision
/// wrote to their 消息中心 (after the commit; a failure is only logged).
async fn notify(st: &AppState, declaration_id: i64) {
    if st.config.smtp.as_ref().is_none_or(|s| s.host.is_empty()) {
        return;
    }
    let db = &st.db;
    let last = crate::server::entities::message::Entity::find()
        .filter(crate::server::entities::message::Column::DeclarationId.eq(declaration_id))
        .order_by_desc(crate::server::entities::message::Column::Id)
        .one(db)
        .await;
    let Ok(Some(m)) = last else { return };
    let Ok(Some(p)) = person::Entity::find_by_id(m.person_id).one(db).await else { return };
    if p.email.trim().is_empty() {
        return;
    }
    let mail = crate::server::notifier::Email { to: &p.email, subject: &m.title, body: &m.body, code_of: None };
    if let Err(e) = crate::server::notifier::send_email(db, &st.config, mail).await {
        tracing::warn!(error = %e, declaration_id, "e-mailing a decision failed");
    }
}
