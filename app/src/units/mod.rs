//! Units (单位): registration, sign-in of the unit and of its staff, the
//! unit's own 组织机构管理 pages, staff management, password recovery
//! through a staff member, and the 职改办's review of registrations.

pub mod api;
#[cfg(feature = "ssr")]
pub mod contacts;
#[cfg(feature = "ssr")]
pub mod industry;
#[cfg(feature = "ssr")]
pub mod profile;
#[cfg(feature = "ssr")]
pub mod recovery;
#[cfg(feature = "ssr")]
pub mod registration;
#[cfg(feature = "ssr")]
pub mod review;
#[cfg(feature = "ssr")]
pub mod search;
#[cfg(feature = "ssr")]
pub mod sign_in;
#[cfg(feature = "ssr")]
pub mod staff;

use crate::uploads::FileRef;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Registration status of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnitStatus {
    /// 待审核: can sign in and correct its data, cannot receive declarations.
    Pending,
    /// 已审核.
    Approved,
    /// 退回修改: the 职改办 gave a reason; editing sends it back for review.
    Returned,
}

impl UnitStatus {
    pub fn code(self) -> &'static str {
        match self {
            UnitStatus::Pending => "pending",
            UnitStatus::Approved => "approved",
            UnitStatus::Returned => "returned",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        [UnitStatus::Pending, UnitStatus::Approved, UnitStatus::Returned].into_iter().find(|k| k.code() == s)
    }
    /// A status read from the database. An unknown value is a defect: it is
    /// logged as an error and read as 待审核, the status that may do least.
    #[cfg(feature = "ssr")]
    pub fn stored(s: &str) -> Self {
        Self::from_code(s).unwrap_or_else(|| {
            tracing::error!(status = s, "unknown unit status stored; treated as 待审核");
            UnitStatus::Pending
        })
    }
    pub fn label(self) -> &'static str {
        match self {
            UnitStatus::Pending => "待审核",
            UnitStatus::Approved => "已审核",
            UnitStatus::Returned => "退回修改",
        }
    }
}

/// One suggestion of the 单位 keyword dropdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitOption {
    pub id: Uuid,
    pub name: String,
}

/// What 新增工作人员 shows an approved unit after 查询: masked, enough to
/// recognise someone (张*, the e-mail's domain), nothing to look them up by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffCandidate {
    pub id_number: String,
    pub name: String,
    pub phone: String,
    pub email: String,
}

/// A unit that lists the signed-in person as its staff (我所在的单位).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyUnitRow {
    /// The staff link (leaving removes it).
    pub id: Uuid,
    pub unit_name: String,
    pub enabled: bool,
    pub added_at: String,
}

/// 单位注册.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RegisterUnitInput {
    pub credit_code: String,
    pub name: String,
    pub legal_rep: String,
    /// `UnitKind::label`.
    pub kind: String,
    pub industry: String,
    pub region_code: String,
    pub address: String,
    pub licence_id: Option<Uuid>,
    /// 身份证号 of the staff added in the dialog.
    pub staff_id_numbers: Vec<String>,
    pub password: String,
    pub password_confirm: String,
    pub captcha_id: Uuid,
    pub captcha: String,
}

/// 单位账户登录.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SignInUnitInput {
    pub unit_id: Option<Uuid>,
    pub credit_code: String,
    pub password: String,
    pub captcha_id: Uuid,
    pub captcha: String,
}

/// 单位工作人员登录.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SignInStaffInput {
    pub unit_id: Option<Uuid>,
    pub account: String,
    pub password: String,
    pub captcha_id: Uuid,
    pub captcha: String,
}

/// 账户信息 and 单位信息 of the signed-in unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitProfile {
    pub credit_code: String,
    pub name: String,
    pub legal_rep: String,
    pub kind: String,
    pub licence_hint: String,
    pub industry: String,
    pub industry_name: String,
    /// What 修改单位信息 offers: the enabled 行业 and the unit's own.
    pub industry_options: Vec<(String, String)>,
    pub region_code: String,
    pub region_name: String,
    pub address: String,
    pub status: UnitStatus,
    pub review_note: String,
    pub registered_at: String,
    pub licence: Option<FileRef>,
    /// A change waiting for the 职改办 (or returned by it).
    pub change: Option<UnitChangeView>,
}

/// A change of an approved unit's name, 单位所在地, 单位类型 or licence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitChangeView {
    pub id: Uuid,
    pub name: String,
    pub region_name: String,
    pub kind: String,
    /// The new licence, when it is one of the changes.
    pub licence: Option<FileRef>,
    /// `pending` or `returned` (with `note`).
    pub status: String,
    pub note: String,
    pub submitted_at: String,
}

/// A change in the 职改办's list, with the unit's current values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitChangeRow {
    pub change: UnitChangeView,
    pub current_name: String,
    pub current_region_name: String,
    pub current_kind: String,
    pub credit_code: String,
}

/// 单位信息 edits.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateUnitInput {
    pub name: String,
    pub legal_rep: String,
    pub kind: String,
    pub industry: String,
    pub region_code: String,
    pub address: String,
    /// A newly uploaded licence, if replaced.
    pub licence_id: Option<Uuid>,
}

/// A row of 更名记录.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenameRow {
    pub old_name: String,
    pub new_name: String,
    pub changed_at: String,
    pub changed_by: String,
}

/// A row of 联系人信息.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRow {
    pub id: Uuid,
    pub name: String,
    pub phone: String,
    pub email: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactInput {
    /// None to add, Some to edit.
    pub id: Option<Uuid>,
    pub name: String,
    pub phone: String,
    pub email: String,
}

/// A row of the 工作人员 table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRow {
    pub id: Uuid,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub enabled: bool,
}

/// A registration in the 职改办's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitReviewRow {
    pub id: Uuid,
    pub credit_code: String,
    pub name: String,
    pub kind: String,
    pub region_name: String,
    pub legal_rep: String,
    pub status: UnitStatus,
    pub review_note: String,
    pub registered_at: String,
    pub licence: Option<FileRef>,
}

/// 第一步 of 忘记密码.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RecoveryStartInput {
    pub unit_id: Option<Uuid>,
    pub credit_code: String,
    pub captcha_id: Uuid,
    pub captcha: String,
}

/// A staff member to choose in 第二步 (name masked, like 黄*).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffChoice {
    pub id: Uuid,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryStarted {
    pub token: Uuid,
    pub staff: Vec<StaffChoice>,
}

/// 第二步: the chosen staff member and their 身份证号.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoverySendInput {
    pub token: Uuid,
    pub staff_id: Option<Uuid>,
    pub id_number: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryCodeSent {
    /// Where the code went, masked.
    pub destination: String,
}

/// 第三步: the code and the new password.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryResetInput {
    pub token: Uuid,
    pub code: String,
    pub new_password: String,
    pub new_password_confirm: String,
}

/// The advice when a unit has no enabled staff (the manual's 注意事项).
pub const NO_STAFF_ADVICE: &str = "该单位没有已启用的工作人员，无法通过工作人员找回密码。请致电 0771-5505013 让区人才职改办工作人员协助找回密码，登录系统后再自行修改密码。";

/// The manual's sentence for 新增工作人员 when the person has no account.
pub const STAFF_NEEDS_ACCOUNT: &str = "工作人员必须在个人申报系统注册个人账户信息成功后方可关联";
