//! 联系人信息 of a unit.

use super::{ContactInput, ContactRow};
use crate::domain::{Email, PersonName, Phone};
use crate::error::{AppError, FieldError};
use crate::server::access::Actor;
use crate::server::entities::unit_contact;
use crate::server::personal::Vault;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

pub async fn list<C: ConnectionTrait>(db: &C, vault: &Vault, actor: &Actor) -> Result<Vec<ContactRow>, AppError> {
    let unit_id = actor.approved_unit()?;
    let rows = unit_contact::Entity::find()
        .filter(unit_contact::Column::UnitId.eq(unit_id))
        .order_by_asc(unit_contact::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|c| ContactRow { id: c.public_id, name: c.name, phone: vault.open(&c.phone), email: c.email })
        .collect())
}

/// A contact of this unit by its public id; another unit's is refused.
async fn own_contact<C: ConnectionTrait>(
    db: &C,
    unit_id: i64,
    id: uuid::Uuid,
) -> Result<unit_contact::Model, AppError> {
    let c = unit_contact::Entity::find()
        .filter(unit_contact::Column::PublicId.eq(id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("联系人不存在或已被删除"))?;
    if c.unit_id != unit_id {
        return Err(AppError::forbidden("无权操作其他单位的联系人"));
    }
    Ok(c)
}

pub async fn save<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    actor: &Actor,
    input: ContactInput,
) -> Result<Vec<ContactRow>, AppError> {
    let unit_id = actor.approved_unit()?;
    let mut errors = Vec::new();
    let name = PersonName::parse(&input.name).map_err(|m| errors.push(FieldError::new("contact_name", m))).ok();
    let phone = Phone::parse(&input.phone).map_err(|m| errors.push(FieldError::new("contact_phone", m))).ok();
    let email = Email::parse(&input.email).map_err(|m| errors.push(FieldError::new("contact_email", m))).ok();
    let (Some(name), Some(phone), Some(email)) = (name, phone, email) else { return Err(AppError::fields(errors)) };
    match input.id {
        Some(id) => {
            let c = own_contact(db, unit_id, id).await?;
            let mut am: unit_contact::ActiveModel = c.into();
            am.name = Set(name.as_str().to_owned());
            am.phone = Set(vault.seal(phone.as_str()));
            am.email = Set(email.as_str().to_owned());
            am.update(db).await?;
        }
        None => {
            let count = unit_contact::Entity::find().filter(unit_contact::Column::UnitId.eq(unit_id)).count(db).await?;
            if count >= 20 {
                return Err(AppError::invalid("", "联系人最多20个"));
            }
            unit_contact::ActiveModel {
                public_id: Set(uuid::Uuid::new_v4()),
                unit_id: Set(unit_id),
                name: Set(name.as_str().to_owned()),
                phone: Set(vault.seal(phone.as_str())),
                email: Set(email.as_str().to_owned()),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    list(db, vault, actor).await
}

pub async fn remove<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    actor: &Actor,
    id: uuid::Uuid,
) -> Result<Vec<ContactRow>, AppError> {
    let unit_id = actor.approved_unit()?;
    let c = own_contact(db, unit_id, id).await?;
    unit_contact::Entity::delete_by_id(c.id).exec(db).await?;
    list(db, vault, actor).await
}
