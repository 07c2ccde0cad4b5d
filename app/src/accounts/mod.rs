//! Accounts: personal registration, sign-in and sign-out for every role,
//! the signed-in person's profile and password.
//!
//! Shared view types live here; `api` holds the server functions, `service`
//! (server only) the rules and database work they call.

pub mod api;
#[cfg(feature = "ssr")]
pub mod recovery;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a session acts as. Stored in the session row by its `code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// 个人 (applicant).
    Person,
    /// 单位 account.
    Unit,
    /// 单位工作人员: a person acting for the unit chosen at sign-in.
    UnitStaff,
    /// 职改办 staff.
    Office,
    /// 主管部门 staff.
    Department,
    /// 系统管理员.
    Admin,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Person => "person",
            Role::Unit => "unit",
            Role::UnitStaff => "unit_staff",
            Role::Office => "office",
            Role::Department => "department",
            Role::Admin => "admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Role::Person, Role::Unit, Role::UnitStaff, Role::Office, Role::Department, Role::Admin]
            .into_iter()
            .find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Person => "个人",
            Role::Unit => "单位",
            Role::UnitStaff => "单位工作人员",
            Role::Office => "职改办",
            Role::Department => "主管部门",
            Role::Admin => "系统管理员",
        }
    }

    /// Where this role lands after signing in.
    pub fn home(self) -> &'static str {
        match self {
            Role::Person => "/person",
            Role::Unit => "/unit",
            Role::UnitStaff => "/staff",
            Role::Office | Role::Department | Role::Admin => "/manage",
        }
    }
}

/// The signed-in user as pages see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub public_id: Uuid,
    pub role: Role,
    pub name: String,
    /// The unit or organisation acted for, if any.
    pub org_name: Option<String>,
    /// An administrator set the password: nothing but 修改密码 until changed.
    #[serde(default)]
    pub must_change_password: bool,
}

/// 个人帐户注册.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RegisterPersonInput {
    pub name: String,
    /// `IdType::code`.
    pub id_type: String,
    pub id_number: String,
    /// Only for kinds of 证件 that do not carry them (YYYY-MM-DD, 男/女).
    pub birth_date: String,
    pub gender: String,
    pub phone: String,
    pub email: String,
    pub password: String,
    pub password_confirm: String,
    pub captcha_id: Uuid,
    pub captcha: String,
}

/// 个人账户登录: 身份证号 or 注册手机号.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SignInPersonInput {
    pub account: String,
    pub password: String,
    pub captcha_id: Uuid,
    pub captcha: String,
}

/// Sign-in of 职改办 / 主管部门 staff and the administrator.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SignInOfficerInput {
    pub username: String,
    pub password: String,
    pub captcha_id: Uuid,
    pub captcha: String,
}

/// The person's own account page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonProfile {
    pub public_id: Uuid,
    pub name: String,
    pub id_type: String,
    pub id_number_masked: String,
    pub birth_date: String,
    pub gender: String,
    pub phone: String,
    pub email: String,
    pub registered_at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateContactInput {
    pub person_id: Uuid,
    pub phone: String,
    pub email: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChangePasswordInput {
    pub old_password: String,
    pub new_password: String,
    pub new_password_confirm: String,
}

/// 忘记密码, step 1: the account and a captcha.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ForgotStartInput {
    pub account: String,
    pub captcha_id: Uuid,
    pub captcha: String,
}

/// 忘记密码, step 2: the e-mailed code and the new password.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ForgotResetInput {
    pub token: Uuid,
    pub code: String,
    pub new_password: String,
    pub new_password_confirm: String,
}
