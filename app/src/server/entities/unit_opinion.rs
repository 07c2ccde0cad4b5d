//! The unit's four opinions on a declaration, each a JSON document.
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unit_opinion")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub declaration_id: i64,
    /// 基层单位考核推荐意见
    pub recommendation: Option<String>,
    /// 任职期满聘任职称考核结果
    pub appraisal: Option<String>,
    /// 公示情况
    pub publicity: Option<String>,
    /// 单位审议小组审议推荐意见
    pub committee: Option<String>,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
