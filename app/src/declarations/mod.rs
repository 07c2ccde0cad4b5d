//! Declarations (申报) for 职称认定, 重新确认 and 证书遗失补办, and the
//! unit's review of them (the manual's 二(二) 1 and 2).
//!
//! `workflow` is the state machine, `rules` the configurable conditions
//! of 职称认定, `form` the applicant-filled sections and the unit's
//! opinions with their checks; `api` the server functions. Server only,
//! one job each: `applicant` (create, save, 报送单位), `messages`, `todo`
//! (待办事项), `unit_review` (opinions, 审核报送, 退回), `org_review`
//! (主管部门 and 职改办: 待办事项, decisions, 批量审核), `search` (their
//! 申报查询, 已办事项 and its Excel), `operations` and `export` (操作记录), `transition`
//! (every status change), `view` (what pages see), `identity` (a reviewer
//! sees the whole 证件号码 and phone, audited).

pub mod api;
#[cfg(feature = "ssr")]
pub mod applicant;
#[cfg(feature = "ssr")]
pub mod counters;
#[cfg(feature = "ssr")]
pub mod export;
pub mod form;
#[cfg(feature = "ssr")]
pub mod identity;
#[cfg(feature = "ssr")]
pub mod messages;
#[cfg(feature = "ssr")]
pub mod operations;
#[cfg(feature = "ssr")]
pub mod org_review;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod search;
#[cfg(feature = "ssr")]
pub mod todo;
#[cfg(feature = "ssr")]
pub mod transition;
#[cfg(feature = "ssr")]
pub mod unit_review;
#[cfg(feature = "ssr")]
pub mod view;
pub mod workflow;

pub use form::{DeclarationForm, UnitOpinions};
pub use workflow::{Action, Status, Target};

use crate::paging::Page;
use crate::uploads::FileRef;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Business {
    /// 职称认定
    Recognition,
    /// 重新确认
    Reconfirmation,
    /// 证书遗失补办
    Replacement,
}

impl Business {
    pub const ALL: [Business; 3] = [Business::Recognition, Business::Reconfirmation, Business::Replacement];

    pub fn label(self) -> &'static str {
        match self {
            Business::Recognition => "职称认定",
            Business::Reconfirmation => "重新确认",
            Business::Replacement => "证书遗失补办",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Business::Recognition => "recognition",
            Business::Reconfirmation => "reconfirmation",
            Business::Replacement => "replacement",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.code() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Level {
    /// 初级（员级）
    Junior,
    /// 初级（助理级）
    Assistant,
    /// 中级
    Intermediate,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Junior, Level::Assistant, Level::Intermediate];

    pub fn label(self) -> &'static str {
        match self {
            Level::Junior => "初级（员级）",
            Level::Assistant => "初级（助理级）",
            Level::Intermediate => "中级",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Level::Junior => "junior",
            Level::Assistant => "assistant",
            Level::Intermediate => "intermediate",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == s)
    }
    /// 初级 declarations have no 单位审议小组审议推荐意见.
    pub fn is_junior(self) -> bool {
        matches!(self, Level::Junior | Level::Assistant)
    }
}

/// An open batch an applicant may choose, once the unit is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchOption {
    pub id: i64,
    /// e.g. 2026年度（南宁市职称改革工作领导小组办公室）
    pub name: String,
    /// The office's full name, the same as in every other list.
    pub office_name: String,
    pub opens_at: String,
    pub closes_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesOption {
    pub id: i64,
    pub name: String,
    pub specialties: Vec<(i64, String)>,
}

/// What the 新建申报 form offers whatever the unit (the batches follow the
/// unit: see `api::unit_batches`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclarationOptions {
    pub series: Vec<SeriesOption>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateDeclarationInput {
    pub business: Option<Business>,
    pub batch_id: Option<i64>,
    pub unit_id: Option<Uuid>,
    pub series_id: Option<i64>,
    pub specialty_id: Option<i64>,
    pub level: Option<Level>,
}

/// A draft's save: the form, the commitment and the attachments' order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SaveDeclarationInput {
    pub id: Uuid,
    pub version: i32,
    pub form: DeclarationForm,
    pub commitment: bool,
    pub attachments: Vec<Uuid>,
}

/// One row of a list of declarations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclarationRow {
    pub id: Uuid,
    /// For decisions taken from a list (批量审核): moves are conditional on it.
    pub version: i32,
    pub applicant_name: String,
    pub id_number_masked: String,
    pub business: String,
    pub series: String,
    pub level: String,
    pub year: i32,
    pub unit_name: String,
    pub status: Status,
    pub submitted_at: String,
    pub updated_at: String,
}

/// A step in the declaration's timeline (and the unit's 操作记录).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: String,
    pub operator: String,
    /// The unit or office the operator acted for.
    pub operator_org: String,
    pub action: String,
    pub reason: String,
    /// Where a 报送 sent the declaration (empty for other steps).
    pub target: String,
}

/// Everything about one declaration its viewer may see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeclarationDetail {
    pub id: Uuid,
    pub version: i32,
    pub business: Business,
    pub batch_name: String,
    pub batch_closes_at: String,
    pub year: i32,
    pub unit_name: String,
    pub series: String,
    pub specialty: String,
    pub level: Level,
    pub status: Status,
    pub applicant_name: String,
    pub id_number_masked: String,
    pub gender: String,
    pub birth_date: String,
    /// Masked (138****0000); whole only through `reveal_identity`.
    pub phone: String,
    pub email: String,
    pub form: DeclarationForm,
    pub commitment: bool,
    pub attachments: Vec<FileRef>,
    pub opinions: UnitOpinions,
    /// Where the conditions of 职称认定 are not met (warnings, not refusals).
    pub warnings: Vec<String>,
    pub timeline: Vec<TimelineEntry>,
    pub target_org: String,
    pub unit_leader: String,
    /// For the viewer: may the applicant edit it now.
    pub editable: bool,
}

/// 待办事项 filters. `status`: "pending" (what waits for the unit, the
/// default), "all", or a `Status::code`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TodoFilter {
    pub status: String,
    pub year: Option<i32>,
    pub business: Option<Business>,
    pub level: Option<Level>,
    pub keyword: String,
    pub oldest_first: bool,
    pub page: u64,
}

/// 审核报送: 单位负责人 and the 主管部门 or 职改办 it goes to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForwardInput {
    pub id: Uuid,
    pub version: i32,
    pub unit_leader: String,
    pub target: String,
}

/// A 主管部门 or 职改办 a unit can forward to (full name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetOption {
    pub code: String,
    pub name: String,
    pub kind: Target,
}

/// 退回修改 (`reject` false) or 审核不通过 (`reject` true).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnInput {
    pub id: Uuid,
    pub version: i32,
    pub reject: bool,
    pub reason: String,
}

/// A decision of a 主管部门 or 职改办.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecideInput {
    pub id: Uuid,
    pub version: i32,
    pub action: Action,
    pub reason: String,
    /// 职改办 审核通过 that issues a certificate: 批准文号 and 取得资格时间
    /// (YYYY-MM-DD); a 补发 of a certificate issued here takes the original's.
    #[serde(default)]
    pub approval: Approval,
}

/// What a 职改办's 审核通过 puts on the certificate it issues.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Approval {
    pub approval_no: String,
    pub qualified_on: String,
}

/// One declaration of a batch decision, at the version its row showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchItem {
    pub id: Uuid,
    pub version: i32,
}

/// 批量审核: one decision for many rows, each its own transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchDecideInput {
    pub items: Vec<BatchItem>,
    pub action: Action,
    pub reason: String,
    #[serde(default)]
    pub approval: Approval,
}

/// How one row of a batch decision went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchOutcome {
    pub id: Uuid,
    pub applicant_name: String,
    pub ok: bool,
    /// Why it did not go (changed meanwhile, …), or the certificate number.
    pub message: String,
}

/// The office area's header: who the office is and its red count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeHome {
    pub org_name: String,
    /// 职改办 (true) or 主管部门.
    pub is_office: bool,
    pub todo_count: u64,
}

/// 待办事项 and 申报查询 of the offices. `status` None: 待办事项 is what
/// waits for this office, 申报查询 everything in its jurisdiction.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OfficeFilter {
    pub year: Option<i32>,
    pub business: Option<Business>,
    pub level: Option<Level>,
    pub series_id: Option<i64>,
    pub specialty_id: Option<i64>,
    /// A unit's name (or part of it).
    pub unit: String,
    pub status: Option<Status>,
    /// The applicant's whole name or 证件号码.
    pub keyword: String,
    pub page: u64,
}

impl OfficeFilter {
    /// The filter as `/exports/declarations.xlsx` reads it.
    pub fn export_url(&self) -> String {
        format!("/exports/declarations.xlsx?{}", self.query())
    }

    /// The filter as a query string, by codes (also for the 公示版 zip).
    pub fn query(&self) -> String {
        let mut parts: Vec<(&str, String)> = vec![];
        if let Some(y) = self.year {
            parts.push(("year", y.to_string()));
        }
        if let Some(b) = self.business {
            parts.push(("business", b.code().into()));
        }
        if let Some(l) = self.level {
            parts.push(("level", l.code().into()));
        }
        if let Some(s) = self.series_id {
            parts.push(("series_id", s.to_string()));
        }
        if let Some(s) = self.specialty_id {
            parts.push(("specialty_id", s.to_string()));
        }
        if let Some(s) = self.status {
            parts.push(("status", s.code().into()));
        }
        parts.push(("unit", self.unit.trim().into()));
        parts.push(("keyword", self.keyword.trim().into()));
        let query: Vec<String> =
            parts.into_iter().map(|(k, v)| format!("{k}={}", crate::domain::url::percent_encode(&v))).collect();
        query.join("&")
    }
}

/// 已办事项: a decision this office took, with the declaration as it is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecidedRow {
    pub declaration: DeclarationRow,
    pub at: String,
    pub operator: String,
    pub decision: String,
    pub reason: String,
}

/// A message of the unit's 消息中心.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitMessageRow {
    pub id: i64,
    pub at: String,
    pub declaration: Option<Uuid>,
    pub title: String,
    pub body: String,
    pub read: bool,
}

/// One row of the unit's 操作记录 (the manual's columns).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationRow {
    pub year: i32,
    pub at: String,
    pub operator: String,
    pub applicant: String,
    pub id_number_masked: String,
    pub action: String,
    /// The detail a row opens to: whom the operator acted for, where a
    /// 报送 went, the reason of a return or refusal.
    pub operator_org: String,
    pub target: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OperationFilter {
    pub year: Option<i32>,
    pub keyword: String,
    pub page: u64,
}

/// 消息中心.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageRow {
    pub id: i64,
    pub at: String,
    pub title: String,
    pub body: String,
    pub read: bool,
    pub declaration: Option<Uuid>,
}

/// The staff area's header: the unit acted for and the 待办事项 red count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffHome {
    pub unit_name: String,
    pub todo_count: u64,
    /// The unit's 职改办's batches open now, with their deadlines.
    #[serde(default)]
    pub open_batches: Vec<BatchOption>,
}

/// Attachments: how many and what kind, shown beside the field.
pub const MAX_ATTACHMENTS: usize = 20;
pub const ATTACHMENT_HINT: &str = "JPG、PNG 或 PDF，单个不超过 10MB，最多 20 个";

/// The applicant's whole 证件号码 and phone, for a reviewer who asks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantIdentity {
    pub id_number: String,
    pub phone: String,
}
