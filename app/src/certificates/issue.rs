//! Issuing certificates inside the transaction of the 审核通过 that issues
//! them: the office-year counter row is taken (row-locked by its update)
//! in the same transaction, so a number is used only when the decision
//! commits — unique and without gaps.

use crate::error::AppError;
use crate::server::entities::{certificate, certificate_counter, org};
use crate::server::personal::Vault;
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

/// The default number format: the office's region code, the year and the
/// six-digit sequence, e.g. 450100-2026-000001.
pub const DEFAULT_FORMAT: &str = "{region}-{year}-{seq}";

/// A number by `format`: `{region}`, `{office}` (the organisation's code),
/// `{year}` and `{seq}` (six digits) are replaced.
pub fn format_number(format: &str, office: &org::Model, year: i32, seq: i32) -> String {
    format
        .replace("{region}", &office.region_code)
        .replace("{office}", &office.code)
        .replace("{year}", &year.to_string())
        .replace("{seq}", &format!("{seq:06}"))
}

/// Whether a configured format yields unique numbers (it must hold the
/// sequence and the year, and name the office unless it is the only one).
pub fn format_is_valid(format: &str) -> bool {
    format.contains("{seq}")
        && format.contains("{year}")
        && (format.contains("{region}") || format.contains("{office}"))
}

/// The next sequence number of `office` in `year`, taken in `txn`.
pub async fn next_seq<C: ConnectionTrait>(txn: &C, office_id: i64, year: i32) -> Result<i32, AppError> {
    let first = certificate_counter::ActiveModel { office_id: Set(office_id), year: Set(year), last: Set(0) };
    certificate_counter::Entity::insert(first)
        .on_conflict_do_nothing_on([certificate_counter::Column::OfficeId, certificate_counter::Column::Year])
        .exec(txn)
        .await?;
    let taken = certificate_counter::Entity::update_many()
        .col_expr(certificate_counter::Column::Last, Expr::col(certificate_counter::Column::Last).add(1))
        .filter(certificate_counter::Column::OfficeId.eq(office_id))
        .filter(certificate_counter::Column::Year.eq(year))
        .exec_with_returning(txn)
        .await?;
    taken.first().map(|c| c.last).ok_or_else(|| {
        tracing::error!(office_id, year, "certificate counter row missing after insert");
        AppError::internal()
    })
}

/// `original` (颁发) or `reissue` (补发).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Original,
    Reissue,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Original => "original",
            Kind::Reissue => "reissue",
        }
    }
}

/// What a new certificate says.
pub struct NewCertificate {
    pub office: org::Model,
    pub declaration_id: i64,
    pub person_id: i64,
    pub unit_id: i64,
    pub holder_name: String,
    /// In clear: sealed here.
    pub holder_id_number: String,
    pub series: String,
    pub specialty: String,
    pub qualification: String,
    pub level: String,
    pub approval_no: String,
    pub qualified_on: NaiveDate,
    pub kind: Kind,
    pub replaces: Option<i64>,
    pub replaces_number: String,
}

/// Issues one certificate in `txn` with the office's next number.
pub async fn issue<C: ConnectionTrait>(
    txn: &C,
    vault: &Vault,
    format: &str,
    new: NewCertificate,
) -> Result<certificate::Model, AppError> {
    let now = Utc::now();
    let year = chrono::Datelike::year(&crate::server::text::today_cn());
    let seq = next_seq(txn, new.office.id, year).await?;
    let id = &new.holder_id_number;
    Ok(certificate::ActiveModel {
        public_id: Set(uuid::Uuid::new_v4()),
        number: Set(format_number(format, &new.office, year, seq)),
        verify_code: Set(verify_code()),
        office_id: Set(new.office.id),
        year: Set(year),
        seq: Set(seq),
        declaration_id: Set(Some(new.declaration_id)),
        person_id: Set(new.person_id),
        holder_name: Set(new.holder_name),
        holder_id_number: Set(vault.seal(id)),
        holder_id_hash: Set(vault.hash(id)),
        holder_id_masked: Set(crate::domain::mask::id_number(id)),
        unit_id: Set(new.unit_id),
        series: Set(new.series),
        specialty: Set(new.specialty),
        qualification: Set(new.qualification),
        level: Set(new.level),
        office_name: Set(new.office.name.clone()),
        approval_no: Set(new.approval_no),
        qualified_on: Set(new.qualified_on),
        issued_at: Set(now),
        kind: Set(new.kind.code().to_owned()),
        replaces_id: Set(new.replaces),
        replaces_number: Set(new.replaces_number),
        status: Set(VALID.to_owned()),
        voided_at: Set(None),
        void_reason: Set(String::new()),
        replaced_by_id: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?)
}

pub const VALID: &str = "valid";
pub const VOID: &str = "void";

/// Voids `original` for the 补发 `by`: only if it is still valid and its
/// holder's, in one conditional update (a second 补办 of it finds it void).
pub async fn void_for_reissue<C: ConnectionTrait>(
    txn: &C,
    original: i64,
    person_id: i64,
    by: i64,
    reason: &str,
) -> Result<(), AppError> {
    let done = certificate::Entity::update_many()
        .col_expr(certificate::Column::Status, Expr::value(VOID))
        .col_expr(certificate::Column::VoidedAt, Expr::value(Some(Utc::now())))
        .col_expr(certificate::Column::VoidReason, Expr::value(reason))
        .col_expr(certificate::Column::ReplacedById, Expr::value(Some(by)))
        .filter(certificate::Column::Id.eq(original))
        .filter(certificate::Column::PersonId.eq(person_id))
        .filter(certificate::Column::Status.eq(VALID))
        .exec(txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(AppError::conflict("原证书已作废或不属于申报人，不能补发"));
    }
    Ok(())
}

/// 24 characters of an unambiguous alphabet: 120 bits, unguessable.
fn verify_code() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut rng = rand::rng();
    (0..24).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn office() -> org::Model {
        org::Model {
            id: 2,
            code: "ZGB-450100".into(),
            name: "南宁市职称改革工作领导小组办公室".into(),
            short_name: "南宁市职改办".into(),
            kind: "office".into(),
            region_code: "450100".into(),
            parent_id: Some(1),
            sort: 1,
            disabled_at: None,
        }
    }

    #[test]
    fn numbers_follow_the_configured_format() {
        assert_eq!(format_number(DEFAULT_FORMAT, &office(), 2026, 17), "450100-2026-000017");
        assert_eq!(format_number("桂{office}〔{year}〕{seq}号", &office(), 2027, 1), "桂ZGB-450100〔2027〕000001号");
        assert!(format_is_valid(DEFAULT_FORMAT));
        assert!(!format_is_valid("{year}-{seq}"));
        assert!(!format_is_valid("{region}-{seq}"));
    }

    #[test]
    fn verification_codes_are_long_and_differ() {
        let (a, b) = (verify_code(), verify_code());
        assert_eq!(a.len(), 24);
        assert_ne!(a, b);
    }
}
