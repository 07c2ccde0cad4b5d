//! 证书: what a 职改办's 审核通过 issues, the holder's 我的证书, the unit's
//! list of its people's certificates, and the public verification.
//!
//! `title` names the 资格名称; `api` the server functions. Server only:
//! `issue` (numbers, 颁发 and 补发 inside the deciding transaction),
//! `holder` (what holders and units see), `verify` (the public look-up and
//! its log).

pub mod api;
#[cfg(feature = "ssr")]
pub mod holder;
#[cfg(feature = "ssr")]
pub mod issue;
pub mod title;
#[cfg(feature = "ssr")]
pub mod verify;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// As the holder, the unit and the public page show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CertificateStatus {
    /// 有效: issued by a 职称认定 or 重新确认.
    Valid,
    /// 补发: a valid certificate that replaces a lost one.
    Reissued,
    /// 作废: replaced by a 补发 (with the date and reason).
    Void,
}

impl CertificateStatus {
    pub fn label(self) -> &'static str {
        match self {
            CertificateStatus::Valid => "有效",
            CertificateStatus::Reissued => "补发",
            CertificateStatus::Void => "作废",
        }
    }
}

/// A certificate as its holder, its unit and the offices see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateRow {
    pub id: Uuid,
    pub number: String,
    pub holder_name: String,
    pub id_number_masked: String,
    pub series: String,
    pub specialty: String,
    pub qualification: String,
    pub level: String,
    pub office_name: String,
    pub approval_no: String,
    /// 取得资格时间, YYYY-MM-DD.
    pub qualified_on: String,
    pub issued_at: String,
    pub status: CertificateStatus,
    pub voided_at: String,
    pub void_reason: String,
    /// A 补发's original (its number).
    pub replaces_number: String,
    /// A voided certificate's 补发 (its number).
    pub replaced_by_number: String,
    /// The public verification link's code: only its holder gets it.
    pub verify_code: Option<String>,
}

/// Who looked a certificate up, as its holder sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LookupRow {
    pub at: String,
    /// 职改办/主管部门, 单位 or 匿名.
    pub viewer: String,
}

/// 我的证书's detail: the certificate and who looked it up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateDetail {
    pub certificate: CertificateRow,
    pub lookups: Vec<LookupRow>,
}

/// The public look-up by number and the holder's name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyInput {
    pub number: String,
    pub name: String,
    pub captcha_id: Uuid,
    pub captcha: String,
}

/// What anyone may see of a certificate: masked name and 证件号码.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifiedCertificate {
    pub number: String,
    pub holder_name_masked: String,
    pub id_number_masked: String,
    pub series: String,
    pub specialty: String,
    pub qualification: String,
    pub level: String,
    pub office_name: String,
    pub approval_no: String,
    pub qualified_on: String,
    pub issued_at: String,
    pub status: CertificateStatus,
    pub voided_at: String,
    pub void_reason: String,
    pub replaces_number: String,
    pub replaced_by_number: String,
}

/// A certificate an applicant may declare lost (证书遗失补办).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnCertificate {
    pub id: Uuid,
    pub number: String,
    pub qualification: String,
    pub series: String,
    pub qualified_on: String,
    pub office_name: String,
}

/// The path of the public verification page for a certificate's code.
pub fn verify_path(code: &str) -> String {
    format!("/verify/{code}")
}
