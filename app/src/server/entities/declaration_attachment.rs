//! 附件 of a declaration (uploads with purpose `attachment`).
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "declaration_attachment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub declaration_id: i64,
    pub upload_id: Uuid,
    pub sort: i32,
}

impl ActiveModelBehavior for ActiveModel {}
