//! The review state machine (DESIGN.md §4) as one pure function:
//! (status, action, role) → next status, or a refusal saying why.
//! Services apply it inside a transaction with a version check; nothing
//! else decides which moves are allowed.

use crate::accounts::Role;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    /// 草稿
    Draft,
    /// 待单位审核
    UnitReview,
    /// 退回个人修改
    ReturnedToApplicant,
    /// 审核不通过 (final)
    Rejected,
    /// 待主管部门审核
    DepartmentReview,
    /// 待职改办审核
    OfficeReview,
    /// 退回单位修改
    ReturnedToUnit,
    /// 审核通过 (final; certificate issued)
    Approved,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Draft,
        Status::UnitReview,
        Status::ReturnedToApplicant,
        Status::Rejected,
        Status::DepartmentReview,
        Status::OfficeReview,
        Status::ReturnedToUnit,
        Status::Approved,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "草稿",
            Status::UnitReview => "待单位审核",
            Status::ReturnedToApplicant => "退回个人修改",
            Status::Rejected => "审核不通过",
            Status::DepartmentReview => "待主管部门审核",
            Status::OfficeReview => "待职改办审核",
            Status::ReturnedToUnit => "退回单位修改",
            Status::Approved => "审核通过",
        }
    }

    /// Stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::UnitReview => "unit_review",
            Status::ReturnedToApplicant => "returned_to_applicant",
            Status::Rejected => "rejected",
            Status::DepartmentReview => "department_review",
            Status::OfficeReview => "office_review",
            Status::ReturnedToUnit => "returned_to_unit",
            Status::Approved => "approved",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The applicant may edit the form (and then 报送单位 again).
    pub fn applicant_may_edit(self) -> bool {
        matches!(self, Status::Draft | Status::ReturnedToApplicant)
    }

    /// Waiting for the unit: what its 待办事项 counts.
    pub fn awaits_unit(self) -> bool {
        matches!(self, Status::UnitReview | Status::ReturnedToUnit)
    }
}

/// Where 审核报送 sends a declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    Department,
    Office,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// 个人报送单位
    SubmitToUnit,
    /// 单位审核报送
    UnitForward(Target),
    /// 单位退回个人修改
    UnitReturn,
    /// 单位审核不通过
    UnitReject,
    /// 主管部门审核通过
    DepartmentApprove,
    /// 主管部门退回单位
    DepartmentReturn,
    /// 职改办审核通过
    OfficeApprove,
    /// 职改办退回单位
    OfficeReturn,
    /// 职改办审核不通过
    OfficeReject,
}

impl Action {
    /// One of each kind of move (报送 once: its target does not change its text).
    pub const KINDS: [Action; 9] = [
        Action::SubmitToUnit,
        Action::UnitForward(Target::Department),
        Action::UnitReturn,
        Action::UnitReject,
        Action::DepartmentApprove,
        Action::DepartmentReturn,
        Action::OfficeApprove,
        Action::OfficeReturn,
        Action::OfficeReject,
    ];

    /// The 操作记录 text, as the manual spells it.
    pub fn log_text(self) -> &'static str {
        match self {
            Action::SubmitToUnit => "个人报送单位",
            Action::UnitForward(_) => "单位审核报送",
            Action::UnitReturn => "单位退回个人修改",
            Action::UnitReject => "单位审核不通过",
            Action::DepartmentApprove => "主管部门审核通过",
            Action::DepartmentReturn => "主管部门退回单位",
            Action::OfficeApprove => "职改办审核通过",
            Action::OfficeReturn => "职改办退回单位",
            Action::OfficeReject => "职改办审核不通过",
        }
    }

    /// Returns and refusals must say why.
    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            Action::UnitReturn
                | Action::UnitReject
                | Action::DepartmentReturn
                | Action::OfficeReturn
                | Action::OfficeReject
        )
    }

    /// Who may take this action.
    pub fn actor(self) -> Role {
        match self {
            Action::SubmitToUnit => Role::Person,
            Action::UnitForward(_) | Action::UnitReturn | Action::UnitReject => Role::UnitStaff,
            Action::DepartmentApprove | Action::DepartmentReturn => Role::Department,
            Action::OfficeApprove | Action::OfficeReturn | Action::OfficeReject => Role::Office,
        }
    }
}

/// Why a move was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// This role never takes this action.
    WrongRole,
    /// Not from the current status.
    WrongStatus(Status),
}

impl Refusal {
    pub fn message(&self, action: Action) -> String {
        match self {
            Refusal::WrongRole => format!("您无权执行“{}”", action.log_text()),
            Refusal::WrongStatus(s) => format!("申报当前状态为“{}”，不能执行“{}”", s.label(), action.log_text()),
        }
    }
}

/// The next status, or why not.
pub fn next(status: Status, action: Action, role: Role) -> Result<Status, Refusal> {
    use Status::*;
    if action.actor() != role {
        return Err(Refusal::WrongRole);
    }
    let to = match (status, action) {
        (Draft | ReturnedToApplicant, Action::SubmitToUnit) => UnitReview,
        (UnitReview | ReturnedToUnit, Action::UnitForward(Target::Department)) => DepartmentReview,
        (UnitReview | ReturnedToUnit, Action::UnitForward(Target::Office)) => OfficeReview,
        (UnitReview | ReturnedToUnit, Action::UnitReturn) => ReturnedToApplicant,
        (UnitReview | ReturnedToUnit, Action::UnitReject) => Rejected,
        (DepartmentReview, Action::DepartmentApprove) => OfficeReview,
        (DepartmentReview, Action::DepartmentReturn) => ReturnedToUnit,
        (OfficeReview, Action::OfficeApprove) => Approved,
        (OfficeReview, Action::OfficeReturn) => ReturnedToUnit,
        (OfficeReview, Action::OfficeReject) => Rejected,
        _ => return Err(Refusal::WrongStatus(status)),
    };
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    const ROLES: [Role; 6] = [Role::Person, Role::Unit, Role::UnitStaff, Role::Department, Role::Office, Role::Admin];
    const ACTIONS: [Action; 10] = [
        Action::SubmitToUnit,
        Action::UnitForward(Target::Department),
        Action::UnitForward(Target::Office),
        Action::UnitReturn,
        Action::UnitReject,
        Action::DepartmentApprove,
        Action::DepartmentReturn,
        Action::OfficeApprove,
        Action::OfficeReturn,
        Action::OfficeReject,
    ];

    /// Every allowed move; everything else must be refused.
    const ALLOWED: [(Status, Action, Role, Status); 15] = [
        (Draft, Action::SubmitToUnit, Role::Person, UnitReview),
        (ReturnedToApplicant, Action::SubmitToUnit, Role::Person, UnitReview),
        (UnitReview, Action::UnitForward(Target::Department), Role::UnitStaff, DepartmentReview),
        (UnitReview, Action::UnitForward(Target::Office), Role::UnitStaff, OfficeReview),
        (UnitReview, Action::UnitReturn, Role::UnitStaff, ReturnedToApplicant),
        (UnitReview, Action::UnitReject, Role::UnitStaff, Rejected),
        (ReturnedToUnit, Action::UnitForward(Target::Department), Role::UnitStaff, DepartmentReview),
        (ReturnedToUnit, Action::UnitForward(Target::Office), Role::UnitStaff, OfficeReview),
        (ReturnedToUnit, Action::UnitReturn, Role::UnitStaff, ReturnedToApplicant),
        (ReturnedToUnit, Action::UnitReject, Role::UnitStaff, Rejected),
        (DepartmentReview, Action::DepartmentApprove, Role::Department, OfficeReview),
        (DepartmentReview, Action::DepartmentReturn, Role::Department, ReturnedToUnit),
        (OfficeReview, Action::OfficeApprove, Role::Office, Approved),
        (OfficeReview, Action::OfficeReturn, Role::Office, ReturnedToUnit),
        (OfficeReview, Action::OfficeReject, Role::Office, Rejected),
    ];

    #[test]
    fn every_status_action_and_role_is_allowed_or_refused_as_the_design_says() {
        let mut checked = 0;
        for status in Status::ALL {
            for action in ACTIONS {
                for role in ROLES {
                    let expected =
                        ALLOWED.iter().find(|(s, a, r, _)| *s == status && *a == action && *r == role).map(|m| m.3);
                    let got = next(status, action, role);
                    match expected {
                        Some(to) => assert_eq!(got, Ok(to), "{status:?} {action:?} {role:?}"),
                        None => {
                            assert!(got.is_err(), "{status:?} {action:?} {role:?} must be refused");
                            if action.actor() != role {
                                assert_eq!(got, Err(Refusal::WrongRole));
                            } else {
                                assert_eq!(got, Err(Refusal::WrongStatus(status)));
                            }
                        }
                    }
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 8 * 10 * 6);
    }

    #[test]
    fn final_statuses_have_no_way_out() {
        for action in ACTIONS {
            for role in ROLES {
                assert!(next(Rejected, action, role).is_err());
                assert!(next(Approved, action, role).is_err());
            }
        }
    }

    #[test]
    fn refusals_name_the_status_and_the_action() {
        let r = next(Rejected, Action::SubmitToUnit, Role::Person).unwrap_err();
        assert_eq!(r.message(Action::SubmitToUnit), "申报当前状态为“审核不通过”，不能执行“个人报送单位”");
        assert_eq!(Refusal::WrongRole.message(Action::UnitReturn), "您无权执行“单位退回个人修改”");
    }

    #[test]
    fn only_draft_and_returned_declarations_are_editable() {
        let editable: Vec<_> = Status::ALL.into_iter().filter(|s| s.applicant_may_edit()).collect();
        assert_eq!(editable, [Draft, ReturnedToApplicant]);
        let waiting: Vec<_> = Status::ALL.into_iter().filter(|s| s.awaits_unit()).collect();
        assert_eq!(waiting, [UnitReview, ReturnedToUnit]);
    }
}
