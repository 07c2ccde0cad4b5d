//! 统计分析's counters: forwarded declarations per key, kept by
//! `declarations::counters` in the transaction of every move.
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "declaration_stat")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub batch_year: i32,
    pub city_code: String,
    /// 0: never passed through a 主管部门.
    pub department_id: i64,
    pub status: String,
    pub business: String,
    pub level: String,
    pub series_id: i64,
    /// yyyymm of the last 报送, China time.
    pub month: i32,
    pub n: i64,
}

impl ActiveModelBehavior for ActiveModel {}
