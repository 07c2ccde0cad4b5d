//! What holders and units see of certificates: 我的证书 with who looked,
//! the unit's list of its people's certificates, and the certificates an
//! applicant may declare lost.

use super::issue::{Kind, VOID};
use super::{CertificateDetail, CertificateRow, CertificateStatus, LookupRow, OwnCertificate};
use crate::error::AppError;
use crate::paging::Page;
use crate::server::access::Actor;
use crate::server::entities::{certificate, certificate_lookup};
use crate::server::text::cn_time;
use sea_orm::sea_query::Condition;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

pub const PER_PAGE: u64 = 20;

pub fn status_of(c: &certificate::Model) -> CertificateStatus {
    if c.status == VOID {
        CertificateStatus::Void
    } else if c.kind == Kind::Reissue.code() {
        CertificateStatus::Reissued
    } else {
        CertificateStatus::Valid
    }
}

/// Rows with the numbers of the certificates they replace or were replaced by.
pub(super) async fn rows<C: ConnectionTrait>(
    db: &C,
    list: Vec<certificate::Model>,
    with_code: bool,
) -> Result<Vec<CertificateRow>, AppError> {
    let linked: Vec<i64> = list.iter().flat_map(|c| [c.replaces_id, c.replaced_by_id]).flatten().collect();
    let others = certificate::Entity::find().filter(certificate::Column::Id.is_in(linked)).all(db).await?;
    let number_of = |id: Option<i64>| {
        id.and_then(|id| others.iter().find(|o| o.id == id)).map(|o| o.number.clone()).unwrap_or_default()
    };
    Ok(list
        .into_iter()
        .map(|c| CertificateRow {
            id: c.public_id,
            status: status_of(&c),
            replaces_number: match c.replaces_id {
                Some(_) => number_of(c.replaces_id),
                None => c.replaces_number.clone(),
            },
            replaced_by_number: number_of(c.replaced_by_id),
            verify_code: with_code.then(|| c.verify_code.clone()),
            number: c.number,
            holder_name: c.holder_name,
            id_number_masked: c.holder_id_masked,
            series: c.series,
            specialty: c.specialty,
            qualification: c.qualification,
            level: c.level,
            office_name: c.office_name,
            approval_no: c.approval_no,
            qualified_on: c.qualified_on.format("%Y-%m-%d").to_string(),
            issued_at: cn_time(c.issued_at),
            voided_at: c.voided_at.map(cn_time).unwrap_or_default(),
            void_reason: c.void_reason,
        })
        .collect())
}

/// 我的证书: the applicant's certificates, newest first.
pub async fn mine<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<Vec<CertificateRow>, AppError> {
    let person = actor.applicant()?;
    let list = certificate::Entity::find()
        .filter(certificate::Column::PersonId.eq(person))
        .order_by_desc(certificate::Column::IssuedAt)
        .order_by_desc(certificate::Column::Id)
        .all(db)
        .await?;
    rows(db, list, true).await
}

/// One of the applicant's certificates and who looked it up.
pub async fn detail<C: ConnectionTrait>(db: &C, actor: &Actor, id: uuid::Uuid) -> Result<CertificateDetail, AppError> {
    let person = actor.applicant()?;
    let c = certificate::Entity::find()
        .filter(certificate::Column::PublicId.eq(id))
        .filter(certificate::Column::PersonId.eq(person))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("证书不存在"))?;
    let lookups = certificate_lookup::Entity::find()
        .filter(certificate_lookup::Column::CertificateId.eq(c.id))
        .order_by_desc(certificate_lookup::Column::At)
        .order_by_desc(certificate_lookup::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|l| LookupRow {
            at: cn_time(l.at),
            viewer: match l.viewer_kind.as_str() {
                "anonymous" => "匿名查询".to_owned(),
                _ => l.viewer_name,
            },
        })
        .collect();
    let certificate = rows(db, vec![c], true).await?.remove(0);
    Ok(CertificateDetail { certificate, lookups })
}

/// The unit's people's certificates (its staff), by holder name or number.
pub async fn of_unit<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    keyword: String,
    page: u64,
) -> Result<Page<CertificateRow>, AppError> {
    let (_, unit) = actor.staff()?;
    let mut q = certificate::Entity::find().filter(certificate::Column::UnitId.eq(unit));
    let kw = keyword.trim();
    if !kw.is_empty() {
        q = q.filter(
            Condition::any().add(certificate::Column::HolderName.eq(kw)).add(certificate::Column::Number.eq(kw)),
        );
    }
    let pager =
        q.order_by_desc(certificate::Column::IssuedAt).order_by_desc(certificate::Column::Id).paginate(db, PER_PAGE);
    let total = pager.num_items().await?;
    let page = page.max(1);
    let list = pager.fetch_page(page - 1).await?;
    Ok(Page { rows: rows(db, list, false).await?, total, page, per_page: PER_PAGE })
}

/// The applicant's valid certificates, for 证书遗失补办.
pub async fn losable<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<Vec<OwnCertificate>, AppError> {
    let person = actor.applicant()?;
    Ok(certificate::Entity::find()
        .filter(certificate::Column::PersonId.eq(person))
        .filter(certificate::Column::Status.ne(VOID))
        .order_by_desc(certificate::Column::IssuedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|c| OwnCertificate {
            id: c.public_id,
            number: c.number,
            qualification: c.qualification,
            series: c.series,
            qualified_on: c.qualified_on.format("%Y-%m-%d").to_string(),
            office_name: c.office_name,
        })
        .collect())
}

/// An applicant's certificate by its public id, for a 补办 declaration:
/// theirs and not voided, or refused.
pub async fn own_valid<C: ConnectionTrait>(
    db: &C,
    person: i64,
    id: uuid::Uuid,
) -> Result<certificate::Model, AppError> {
    let c = certificate::Entity::find().filter(certificate::Column::PublicId.eq(id)).one(db).await?;
    match c {
        Some(c) if c.person_id == person && c.status != VOID => Ok(c),
        Some(c) if c.person_id == person => {
            Err(AppError::invalid("original.certificate", "该证书已作废，不能再申请补办"))
        }
        _ => Err(AppError::invalid("original.certificate", "请从您本人的证书中选择遗失的证书")),
    }
}
