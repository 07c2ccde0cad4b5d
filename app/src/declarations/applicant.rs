//! The applicant's side: what 新建申报 offers, creating, saving and
//! 报送单位 a declaration, and the list of their own.

use super::transition::{apply, changed_meanwhile, committed, operator, status_of, Step};
use super::view::{self, business_of, parse_form};
use super::workflow::{self, Action, Status};
use super::*;
use crate::accounts::Role;
use crate::error::{AppError, FieldError};
use crate::server::access::{self, Actor};
use crate::server::entities::{
    batch, declaration, declaration_attachment, org, person, series, specialty, unit, upload,
};
use crate::server::personal::Vault;
use crate::server::text::{cn_time, today_cn};
use crate::units::UnitStatus;
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};

/// 系列 and 专业: with `choosable`, what a new declaration may pick (the
/// enabled ones, for 新建申报); without, all of them (search filters, where
/// disabled ones still name existing declarations).
pub async fn options<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    choosable: bool,
) -> Result<DeclarationOptions, AppError> {
    actor.signed_in()?;
    let series_rows = series::Entity::find().order_by_asc(series::Column::Sort).all(db).await?;
    let specialties = specialty::Entity::find().order_by_asc(specialty::Column::Sort).all(db).await?;
    Ok(DeclarationOptions {
        series: series_rows
            .into_iter()
            .filter(|s| !choosable || s.disabled_at.is_none())
            .map(|s| SeriesOption {
                id: s.id,
                specialties: specialties
                    .iter()
                    .filter(|p| p.series_id == s.id && (!choosable || p.disabled_at.is_none()))
                    .map(|p| (p.id, p.name.clone()))
                    .collect(),
                name: s.name,
            })
            .collect(),
    })
}

/// The 职改办 a unit reports to: the one of its city (it also reviewed the
/// unit's registration).
async fn office_of<C: ConnectionTrait>(db: &C, u: &unit::Model) -> Result<Option<org::Model>, AppError> {
    Ok(org::Entity::find()
        .filter(org::Column::Kind.eq("office"))
        .filter(org::Column::RegionCode.eq(u.city_code.as_str()))
        .one(db)
        .await?)
}

fn batch_option(b: batch::Model, office: &org::Model) -> BatchOption {
    BatchOption {
        id: b.id,
        name: b.name,
        office_name: office.name.clone(),
        opens_at: cn_time(b.opens_at),
        closes_at: cn_time(b.closes_at),
    }
}

/// The open batches of the office `u` reports to, newest first.
pub(crate) async fn open_batches<C: ConnectionTrait>(db: &C, u: &unit::Model) -> Result<Vec<BatchOption>, AppError> {
    let Some(office) = office_of(db, u).await? else { return Ok(Vec::new()) };
    let now = Utc::now();
    Ok(batch::Entity::find()
        .filter(batch::Column::OfficeId.eq(office.id))
        .filter(batch::Column::OpensAt.lte(now))
        .filter(batch::Column::ClosesAt.gte(now))
        .order_by_desc(batch::Column::Year)
        .order_by_asc(batch::Column::ClosesAt)
        .all(db)
        .await?
        .into_iter()
        .map(|b| batch_option(b, &office))
        .collect())
}

/// 申报年度 follows the unit: the open batches of the office it reports to.
pub async fn batches_for_unit<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    unit_id: uuid::Uuid,
) -> Result<Vec<BatchOption>, AppError> {
    actor.applicant()?;
    match unit::by_public_id(db, unit_id).await? {
        Some(u) => open_batches(db, &u).await,
        None => Err(AppError::invalid("unit", "请输入单位名称关键字，并从弹出的下拉列表中选择所在单位")),
    }
}

pub async fn create<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    actor: &Actor,
    input: CreateDeclarationInput,
) -> Result<uuid::Uuid, AppError> {
    let person_id = actor.applicant()?;
    let mut errors = Vec::new();
    if input.business.is_none() {
        errors.push(FieldError::new("business", "请选择业务类型"));
    }
    let u = match input.unit_id {
        Some(id) => unit::by_public_id(db, id).await?,
        None => None,
    };
    match &u {
        None => errors.push(FieldError::new("unit", "请输入单位名称关键字，并从弹出的下拉列表中选择所在单位")),
        Some(u) if u.status != UnitStatus::Approved.code() => {
            errors.push(FieldError::new("unit", "所选单位尚未通过职改办审核，暂不能接收申报"))
        }
        Some(_) => {}
    }
    // The batch follows the unit: an open one of the office it reports to.
    let b = match (input.batch_id, &u) {
        (Some(id), Some(u)) => {
            let open = open_batches(db, u).await?;
            if open.iter().any(|b| b.id == id) {
                batch::Entity::find_by_id(id).one(db).await?
            } else {
                errors.push(FieldError::new(
                    "batch",
                    match open.first() {
                        Some(b) => format!("所选申报年度不适用于该单位，请选择{}", b.name),
                        None => "该单位所属职改办暂无开放的申报年度".to_owned(),
                    },
                ));
                None
            }
        }
        (None, _) => {
            errors.push(FieldError::new("batch", "请选择申报年度"));
            None
        }
        (Some(_), None) => None,
    };
    let sp = match input.specialty_id {
        Some(id) => specialty::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let se = match &sp {
        Some(sp) => series::Entity::find_by_id(sp.series_id).one(db).await?,
        None => None,
    };
    match (&sp, &se, input.series_id) {
        (Some(sp), Some(se), Some(series)) if sp.series_id == series => {
            // A disabled entry stays on the declarations that have it; a new one cannot pick it.
            if se.disabled_at.is_some() {
                errors.push(FieldError::new("series", format!("{}已停用，不能用于新的申报，请选择其他系列", se.name)));
            } else if sp.disabled_at.is_some() {
                errors.push(FieldError::new(
                    "specialty",
                    format!("{}专业已停用，不能用于新的申报，请选择其他专业", sp.name),
                ));
            }
        }
        _ => errors.push(FieldError::new("specialty", "请选择系列和专业")),
    }
    if input.level.is_none() {
        errors.push(FieldError::new("level", "请选择申报级别"));
    }
    let (Some(business), Some(b), Some(u), Some(sp), Some(level), true) =
        (input.business, b, u, sp, input.level, errors.is_empty())
    else {
        return Err(AppError::fields(errors));
    };
    let p = person::Entity::find_by_id(person_id).one(db).await?.ok_or_else(AppError::unauthenticated)?;
    let id_masked = crate::domain::mask::id_number(&vault.open(&p.id_number));
    let now = Utc::now();
    let id = uuid::Uuid::new_v4();
    declaration::ActiveModel {
        public_id: Set(id),
        person_id: Set(person_id),
        unit_id: Set(u.account_id),
        batch_id: Set(b.id),
        batch_year: Set(b.year),
        business: Set(business.code().to_owned()),
        series_id: Set(sp.series_id),
        specialty_id: Set(sp.id),
        level: Set(level.code().to_owned()),
        status: Set(Status::Draft.code().to_owned()),
        version: Set(0),
        applicant_name: Set(p.name),
        // Sealed as the person's (the same key opens both), hash alike.
        applicant_id_number: Set(p.id_number),
        applicant_id_hash: Set(p.id_number_hash),
        applicant_id_masked: Set(Some(id_masked)),
        form: Set(serde_json::to_string(&DeclarationForm::default()).unwrap_or_else(|_| "{}".into())),
        commitment: Set(false),
        target_org_id: Set(None),
        unit_leader: Set(String::new()),
        submitted_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// 我的申报.
pub async fn mine<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<Vec<DeclarationRow>, AppError> {
    actor.applicant()?;
    let visible = access::declarations(actor)?;
    view::list_rows(db, declaration::Entity::find().filter(visible).order_by_desc(declaration::Column::CreatedAt)).await
}

/// One declaration for whoever may see it.
pub async fn detail<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    actor: &Actor,
    id: uuid::Uuid,
) -> Result<DeclarationDetail, AppError> {
    let d = access::declaration(db, actor, id).await?;
    view::detail(db, vault, d).await
}

/// The applicant's own declaration, refusing others'.
async fn own<C: ConnectionTrait>(db: &C, actor: &Actor, id: uuid::Uuid) -> Result<declaration::Model, AppError> {
    actor.applicant()?;
    access::declaration(db, actor, id).await
}

pub async fn save(
    db: &DatabaseConnection,
    vault: &Vault,
    actor: &Actor,
    input: SaveDeclarationInput,
) -> Result<DeclarationDetail, AppError> {
    let d = own(db, actor, input.id).await?;
    let person_id = d.person_id;
    let status = status_of(&d)?;
    if !status.applicant_may_edit() {
        return Err(AppError::conflict(match status {
            Status::Rejected => "该申报审核不通过，不能再编辑".to_string(),
            s => format!("申报当前状态为“{}”，正在审核中，不能修改", s.label()),
        }));
    }
    let sizes = input.form.check_sizes();
    if !sizes.is_empty() {
        return Err(AppError::fields(sizes));
    }
    if input.attachments.len() > MAX_ATTACHMENTS {
        return Err(AppError::invalid("attachments", format!("附件最多{MAX_ATTACHMENTS}个")));
    }
    // Each attachment: uploaded by this applicant, for attachments, and free
    // or already on this declaration.
    let current: Vec<uuid::Uuid> = declaration_attachment::Entity::find()
        .filter(declaration_attachment::Column::DeclarationId.eq(d.id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.upload_id)
        .collect();
    let files = upload::Entity::find().filter(upload::Column::Id.is_in(input.attachments.clone())).all(db).await?;
    for id in &input.attachments {
        let ok = files.iter().any(|f| {
            f.id == *id
                && f.purpose == crate::uploads::PURPOSE_ATTACHMENT
                && f.owner_account_id == Some(person_id)
                && (!f.claimed || current.contains(id))
        });
        if !ok {
            return Err(AppError::invalid("attachments", "附件已失效，请重新上传"));
        }
    }
    let mut form = input.form;
    let original = chosen_original(db, &d, &mut form).await?;
    let form = serde_json::to_string(&form).map_err(|_| AppError::internal())?;
    let (version, commitment, attachments, did) = (input.version, input.commitment, input.attachments, d.id);
    db.transaction::<_, (), AppError>(|txn| {
        Box::pin(async move {
            let done = declaration::Entity::update_many()
                .col_expr(declaration::Column::Form, Expr::value(form))
                .col_expr(declaration::Column::Commitment, Expr::value(commitment))
                .col_expr(declaration::Column::OriginalCertificateId, Expr::value(original))
                .col_expr(declaration::Column::Version, Expr::value(version + 1))
                .col_expr(declaration::Column::UpdatedAt, Expr::value(Utc::now()))
                .filter(declaration::Column::Id.eq(did))
                .filter(declaration::Column::Version.eq(version))
                .filter(declaration::Column::Status.is_in([Status::Draft.code(), Status::ReturnedToApplicant.code()]))
                .exec(txn)
                .await?;
            if done.rows_affected != 1 {
                return Err(changed_meanwhile(txn, did).await);
            }
            declaration_attachment::Entity::delete_many()
                .filter(declaration_attachment::Column::DeclarationId.eq(did))
                .exec(txn)
                .await?;
            for (i, id) in attachments.iter().enumerate() {
                declaration_attachment::ActiveModel {
                    declaration_id: Set(did),
                    upload_id: Set(*id),
                    sort: Set(i as i32),
                    ..Default::default()
                }
                .insert(txn)
                .await?;
            }
            // Taken files are kept; dropped ones become sweepable.
            upload::Entity::update_many()
                .col_expr(upload::Column::Claimed, Expr::value(true))
                .filter(upload::Column::Id.is_in(attachments.clone()))
                .exec(txn)
                .await?;
            let dropped: Vec<uuid::Uuid> = current.into_iter().filter(|c| !attachments.contains(c)).collect();
            upload::Entity::update_many()
                .col_expr(upload::Column::Claimed, Expr::value(false))
                .filter(upload::Column::Id.is_in(dropped))
                .exec(txn)
                .await?;
            Ok(())
        })
    })
    .await?;
    view::reload(db, vault, did).await
}

/// 证书遗失补办 of a certificate issued here: it must be the applicant's
/// and still valid; the form's 原证书 fields are copied from it. Other
/// businesses (and an external original) keep none.
async fn chosen_original<C: ConnectionTrait>(
    db: &C,
    d: &declaration::Model,
    form: &mut DeclarationForm,
) -> Result<Option<i64>, AppError> {
    let Some(id) = form.original.certificate.filter(|_| d.business == Business::Replacement.code()) else {
        form.original.certificate = None;
        return Ok(None);
    };
    let c = crate::certificates::holder::own_valid(db, d.person_id, id).await?;
    let o = &mut form.original;
    o.title = c.qualification.clone();
    o.series = c.series.clone();
    o.date = c.qualified_on.format("%Y-%m-%d").to_string();
    o.authority = c.office_name.clone();
    o.certificate_number = c.number.clone();
    Ok(Some(c.id))
}

/// 报送单位: everything required, the 个人承诺书 agreed, within the batch.
pub async fn submit(
    db: &DatabaseConnection,
    vault: &Vault,
    actor: &Actor,
    id: uuid::Uuid,
    version: i32,
) -> Result<DeclarationDetail, AppError> {
    let d = own(db, actor, id).await?;
    let status = status_of(&d)?;
    if !status.applicant_may_edit() {
        let r = workflow::next(status, Action::SubmitToUnit, Role::Person).err();
        return Err(AppError::conflict(r.map(|r| r.message(Action::SubmitToUnit)).unwrap_or_default()));
    }
    if d.version != version {
        return Err(changed_meanwhile(db, d.id).await);
    }
    let b = batch::Entity::find_by_id(d.batch_id).one(db).await?.ok_or_else(AppError::internal)?;
    let now = Utc::now();
    if now < b.opens_at {
        return Err(AppError::invalid(
            "",
            format!("{}尚未开始申报，申报时间为 {} 至 {}", b.name, cn_time(b.opens_at), cn_time(b.closes_at)),
        ));
    }
    if now > b.closes_at {
        return Err(AppError::invalid("", format!("{}已于 {} 截止申报，不能报送", b.name, cn_time(b.closes_at))));
    }
    let u = unit::Entity::find_by_id(d.unit_id).one(db).await?.ok_or_else(AppError::internal)?;
    if u.status != UnitStatus::Approved.code() {
        return Err(AppError::invalid("", "所选单位尚未通过职改办审核，暂不能接收申报"));
    }
    let business = business_of(&d)?;
    let attachments = declaration_attachment::Entity::find()
        .filter(declaration_attachment::Column::DeclarationId.eq(d.id))
        .count(db)
        .await?;
    let today = today_cn().format("%Y-%m-%d").to_string();
    let mut errors = parse_form(&d).check_for_submit(business, &today, attachments as usize);
    if !d.commitment {
        errors.push(FieldError::new("commitment", "请阅读并同意个人承诺书后再报送"));
    }
    if let Some(original) = d.original_certificate_id {
        let still = crate::server::entities::certificate::Entity::find_by_id(original).one(db).await?;
        if still.is_none_or(|c| c.status != crate::certificates::issue::VALID) {
            errors.push(FieldError::new("original.certificate", "所选证书已作废，不能再申请补办"));
        }
        let done = [Status::Draft, Status::Rejected, Status::Approved].map(Status::code);
        let other = declaration::Entity::find()
            .filter(declaration::Column::OriginalCertificateId.eq(original))
            .filter(declaration::Column::Id.ne(d.id))
            .filter(declaration::Column::Status.is_not_in(done))
            .one(db)
            .await?;
        if other.is_some() {
            errors.push(FieldError::new("original.certificate", "该证书已有一份证书遗失补办正在审核中，请勿重复申报"));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::fields(errors));
    }
    let who = operator(db, actor).await?;
    let (unit_name, did) = (u.name.clone(), d.id);
    let actor = actor.clone();
    db.transaction::<_, Status, AppError>(|txn| {
        Box::pin(async move {
            let step = Step {
                action: Action::SubmitToUnit,
                version,
                reason: "",
                target: unit_name,
                extra: vec![(declaration::Column::SubmittedAt, Expr::value(Some(now)))],
                to_org: None,
            };
            apply(txn, &d, &actor, &who, step).await
        })
    })
    .await?;
    committed(Action::SubmitToUnit);
    view::reload(db, vault, did).await
}
