//! 操作记录: one row per step taken on a declaration.
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "operation_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub declaration_id: i64,
    /// The declaration's unit, so a unit's log needs no join.
    pub unit_id: i64,
    pub batch_year: i32,
    pub at: DateTimeUtc,
    pub operator_id: i64,
    pub operator_name: String,
    pub applicant_name: String,
    /// Masked at write time: the log never holds a full ID number.
    pub applicant_id_masked: String,
    /// The manual's text, e.g. 单位审核报送.
    pub action: String,
    pub reason: String,
    /// The unit or office the operator acted for (申报人 for the applicant).
    pub operator_org: String,
    /// The office or 主管部门 that took the step: its 已办事项.
    pub operator_org_id: Option<i64>,
    /// Where a 报送 or a 主管部门's approval sent the declaration.
    pub target: String,
}

impl ActiveModelBehavior for ActiveModel {}
