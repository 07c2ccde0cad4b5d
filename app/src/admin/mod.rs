//! Administration: the review organisations (区职改办 → 市职改办 → 主管部门),
//! their officers' accounts, each 职改办's 申报年度, and the 登录日志 and
//! 操作日志 (read only: no function here or anywhere changes a log row).
//!
//! The administrator manages every organisation; a 职改办 manages the
//! 主管部门 under it and their officers. An officer made or reset here
//! must choose a new password at the next sign-in.
//!
//! Shared view types live here; `api` holds the server functions, `orgs`
//! and `officers` (server only) the rules and database work.

pub mod api;
#[cfg(feature = "ssr")]
pub mod batches;
#[cfg(feature = "ssr")]
pub mod logs;
#[cfg(feature = "ssr")]
pub mod officers;
#[cfg(feature = "ssr")]
pub mod orgs;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Longest 机构名称 and 简称.
pub const MAX_ORG_NAME: usize = 50;
pub const MAX_ORG_SHORT: usize = 20;

/// One organisation in the tree, in tree order (`depth` 0 for the
/// 区职改办, 1 for its 主管部门 and the 市职改办, 2 for theirs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgNode {
    pub id: i64,
    pub name: String,
    pub short_name: String,
    /// 职改办 or 主管部门.
    pub kind_label: String,
    pub is_office: bool,
    /// 广西壮族自治区 or the city.
    pub region_name: String,
    pub depth: u8,
    pub disabled: bool,
    /// Enabled officer accounts.
    pub officers: u64,
    /// Declarations waiting for it (its 待办事项).
    pub waiting: u64,
    /// The caller may rename or close it and keep its officers.
    pub manageable: bool,
    /// The caller may open a 主管部门 under it.
    pub may_add_department: bool,
}

/// 新增主管部门 under a 职改办.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NewOrgInput {
    pub parent_id: i64,
    pub name: String,
    /// Optional: the full name when empty.
    pub short_name: String,
}

/// 修改 an organisation's names.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RenameOrgInput {
    pub id: i64,
    pub name: String,
    pub short_name: String,
}

/// An organisation's page: the organisation and its officers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgWithOfficers {
    pub org: OrgNode,
    pub rows: Vec<OfficerRow>,
}

/// One officer account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficerRow {
    pub id: Uuid,
    pub username: String,
    pub name: String,
    /// 职改办 or 主管部门 (the organisation's kind).
    pub role_label: String,
    pub enabled: bool,
    /// The password was set by an administrator and not yet changed.
    pub must_change_password: bool,
    pub created_at: String,
}

/// 新增工作人员: the initial password is the administrator's; the officer
/// must change it at the first sign-in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NewOfficerInput {
    pub org_id: i64,
    pub username: String,
    pub name: String,
    pub password: String,
    pub password_confirm: String,
    /// The officer's own 证件号码 (optional): they may then never decide
    /// their own declaration.
    #[serde(default)]
    pub id_number: String,
}

/// 重置密码: a new initial password, to be changed at the next sign-in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResetPasswordInput {
    pub id: Uuid,
    pub password: String,
    pub password_confirm: String,
}

/// One 申报年度 of a 职改办 (one per office and year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchRow {
    pub id: i64,
    pub year: i32,
    pub name: String,
    pub office_name: String,
    /// YYYY-MM-DD, China time (what the date fields edit).
    pub opens_on: String,
    pub closes_on: String,
    /// The exact moments, as every other page shows them.
    pub opens_at: String,
    pub closes_at: String,
    /// 未开始, 申报中 or 已截止.
    pub state: String,
    pub declarations: u64,
}

/// 新增申报年度. `office_id` 0 means the caller's own 职改办.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NewBatchInput {
    pub office_id: i64,
    pub year: i32,
    pub opens_on: String,
    pub closes_on: String,
}

/// 修改 a batch's dates: open it early, extend or shorten its deadline.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BatchDatesInput {
    pub id: i64,
    pub opens_on: String,
    pub closes_on: String,
}

/// The logs' filters: a day range (YYYY-MM-DD, China time), who, what kind,
/// and (登录日志) the result: `success` or `failure`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LogFilter {
    pub from: String,
    pub to: String,
    pub account: String,
    pub kind: String,
    pub result: String,
    /// 操作日志's source: `` (管理与安全) or `transitions` (申报流转).
    pub source: String,
    pub page: u64,
}

/// One 登录日志 row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginLogRow {
    pub at: String,
    /// 个人, 单位, 单位工作人员 or 管理端.
    pub channel: String,
    /// As typed, masked.
    pub account: String,
    pub ip: String,
    pub success: bool,
    pub reason: String,
}

/// One 操作日志 row: an administrative change, a security event or a view
/// of a whole 证件号码.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLogRow {
    pub at: String,
    /// The account's name (登录名 for officers), or 匿名.
    pub actor: String,
    pub action: String,
    pub target: String,
    pub ip: String,
    pub detail: String,
}

/// The 登录日志's channels: (code, label).
pub const CHANNELS: [(&str, &str); 4] =
    [("person", "个人"), ("unit", "单位"), ("staff", "单位工作人员"), ("officer", "管理端")];

impl LogFilter {
    /// The filter as the Excel downloads read it (`path` the download's).
    pub fn export_url(&self, path: &str) -> String {
        let enc = crate::domain::url::percent_encode;
        format!(
            "{path}?from={}&to={}&account={}&kind={}&result={}&source={}",
            enc(&self.from),
            enc(&self.to),
            enc(&self.account),
            enc(&self.kind),
            enc(&self.result),
            enc(&self.source)
        )
    }
}

/// A 登录名: 4–32 letters, digits and `_ . @ -` (how officers type it at
/// 管理端登录).
pub fn check_username(s: &str) -> Result<&str, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Err("请填写登录名");
    }
    let len = s.chars().count();
    if !(4..=32).contains(&len) {
        return Err("登录名为4至32个字符");
    }
    if !s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '@' | '-')) {
        return Err("登录名只能包含英文字母、数字和 _ . @ -");
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::check_username;

    #[test]
    fn usernames_are_plain_and_of_sane_length() {
        assert_eq!(check_username(" nn_jyj01 "), Ok("nn_jyj01"));
        assert_eq!(check_username("abc"), Err("登录名为4至32个字符"));
        assert_eq!(check_username(""), Err("请填写登录名"));
        assert!(check_username("张三abcd").is_err());
        assert!(check_username(&"a".repeat(33)).is_err());
    }
}
