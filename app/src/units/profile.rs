//! 组织机构管理 of a unit: 单位信息 (and its change), 更名记录.

use super::industry;
use super::registration::validate_fields;
use super::{RenameRow, UnitChangeView, UnitProfile, UnitStatus, UpdateUnitInput};
use crate::domain::{region, UnitKind};
use crate::error::AppError;
use crate::server::access::Actor;
use crate::server::audit;
use crate::server::entities::{unit, unit_change, unit_rename, upload};
use crate::server::files::{claim, claimable, file_ref, Uploader};
use crate::server::text::cn_time;
use crate::uploads::PURPOSE_LICENCE;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

pub(super) async fn load_unit<C: ConnectionTrait>(db: &C, unit_id: i64) -> Result<unit::Model, AppError> {
    unit::Entity::find_by_id(unit_id).one(db).await?.ok_or_else(|| AppError::not_found("单位不存在"))
}

pub(super) async fn licence_of<C: ConnectionTrait>(
    db: &C,
    u: &unit::Model,
) -> Result<Option<crate::uploads::FileRef>, AppError> {
    Ok(match u.licence_id {
        Some(id) => upload::Entity::find_by_id(id).one(db).await?.map(|f| file_ref(&f)),
        None => None,
    })
}

async fn profile_of<C: ConnectionTrait>(db: &C, u: unit::Model) -> Result<UnitProfile, AppError> {
    let licence = licence_of(db, &u).await?;
    // The latest change, unless it is already in force.
    let change = unit_change::Entity::find()
        .filter(unit_change::Column::UnitId.eq(u.account_id))
        .order_by_desc(unit_change::Column::Id)
        .one(db)
        .await?
        .filter(|c| c.status != "approved");
    let change = match change {
        Some(c) => Some(change_view(db, c).await?),
        None => None,
    };
    let kind = UnitKind::from_label(&u.kind);
    Ok(UnitProfile {
        credit_code: u.credit_code,
        name: u.name,
        legal_rep: u.legal_rep,
        licence_hint: kind.map(|k| k.licence()).unwrap_or("").to_owned(),
        kind: u.kind,
        industry_name: industry::name_of(db, &u.industry).await?,
        industry_options: industry::options(db, &u.industry).await?,
        industry: u.industry,
        region_name: region::name_of(&u.region_code).unwrap_or_default(),
        region_code: u.region_code,
        address: u.address,
        status: UnitStatus::stored(&u.status),
        review_note: u.review_note,
        registered_at: cn_time(u.created_at),
        licence,
        change,
    })
}

/// A change as pages show it.
pub(super) async fn change_view<C: ConnectionTrait>(db: &C, c: unit_change::Model) -> Result<UnitChangeView, AppError> {
    let licence = match c.licence_id {
        Some(id) => upload::Entity::find_by_id(id).one(db).await?.map(|f| file_ref(&f)),
        None => None,
    };
    Ok(UnitChangeView {
        id: c.public_id,
        name: c.name,
        region_name: region::name_of(&c.region_code).unwrap_or_default(),
        kind: c.kind,
        licence,
        status: c.status,
        note: c.note,
        submitted_at: cn_time(c.created_at),
    })
}

/// 单位信息: a unit's own registration, whatever its status.
pub async fn profile<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<UnitProfile, AppError> {
    profile_of(db, load_unit(db, actor.unit()?).await?).await
}

/// 修改单位信息. A 待审核 or returned unit corrects its registration (a
/// returned one goes back to the 职改办).
pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    ip: &str,
    input: UpdateUnitInput,
) -> Result<UnitProfile, AppError> {
    let unit_id = actor.unit()?;
    let mut errors = Vec::new();
    let current = load_unit(db, unit_id).await?;
    // The unit's own 行业 stays valid after it is disabled.
    let industry_ok = industry::choosable(db, &input.industry, Some(&current.industry)).await?;
    let fields = validate_fields(
        &input.name,
        &input.legal_rep,
        &input.kind,
        &input.industry,
        industry_ok,
        &input.region_code,
        &input.address,
        &mut errors,
    );
    let Some(fields) = fields.filter(|_| errors.is_empty()) else { return Err(AppError::fields(errors)) };
    if let Some(id) = input.licence_id {
        if claimable(db, id, PURPOSE_LICENCE, &Uploader::Account(unit_id)).await?.is_none() {
            return Err(AppError::invalid("licence", "营业执照文件已失效，请重新上传"));
        }
    }
    let approved = current.status == UnitStatus::Approved.code();
    let kind = fields.kind.label().to_owned();
    // What moves a unit to another 职改办 or changes who it is waits for the
    // 职改办 once the unit is approved; the rest applies at once.
    let reviewed_change = approved
        && (current.name != fields.name
            || current.region_code != fields.region_code
            || current.kind != kind
            || input.licence_id.is_some());
    let ip = ip.to_owned();
    let updated = db
        .transaction::<_, unit::Model, AppError>(|txn| {
            Box::pin(async move {
                let now = Utc::now();
                let mut am: unit::ActiveModel = current.clone().into();
                am.legal_rep = Set(fields.legal_rep);
                am.industry = Set(fields.industry);
                am.address = Set(fields.address);
                am.updated_at = Set(now);
                if let Some(id) = input.licence_id {
                    claim(txn, id, current.account_id).await?;
                }
                if reviewed_change {
                    // One pending change at a time: a newer one replaces it.
                    unit_change::Entity::delete_many()
                        .filter(unit_change::Column::UnitId.eq(current.account_id))
                        .filter(unit_change::Column::Status.eq("pending"))
                        .exec(txn)
                        .await?;
                    unit_change::ActiveModel {
                        public_id: Set(uuid::Uuid::new_v4()),
                        unit_id: Set(current.account_id),
                        name: Set(fields.name),
                        region_code: Set(fields.region_code),
                        city_code: Set(fields.city_code),
                        kind: Set(kind),
                        licence_id: Set(input.licence_id),
                        status: Set("pending".into()),
                        note: Set(String::new()),
                        created_at: Set(now),
                        decided_by: Set(None),
                        decided_at: Set(None),
                        ..Default::default()
                    }
                    .insert(txn)
                    .await?;
                } else if !approved {
                    // Not approved yet: the registration itself is corrected.
                    if current.name != fields.name {
                        rename(txn, &current, &fields.name, &format!("单位账户（{}）", current.credit_code)).await?;
                    }
                    am.name = Set(fields.name);
                    am.kind = Set(kind);
                    am.region_code = Set(fields.region_code);
                    am.city_code = Set(fields.city_code);
                    if let Some(id) = input.licence_id {
                        am.licence_id = Set(Some(id));
                    }
                    // Corrected after a return: back to the 职改办.
                    if current.status == UnitStatus::Returned.code() {
                        am.status = Set(UnitStatus::Pending.code().to_owned());
                    }
                }
                let updated = am.update(txn).await?;
                let what =
                    if reviewed_change { "修改单位信息（待职改办审核）" } else { "修改单位信息" };
                audit::record(txn, Some(current.account_id), what, &format!("unit:{}", current.account_id), &ip, "")
                    .await;
                Ok(updated)
            })
        })
        .await?;
    profile_of(db, updated).await
}

/// A 更名记录 row.
pub(super) async fn rename<C: ConnectionTrait>(
    db: &C,
    u: &unit::Model,
    new_name: &str,
    by: &str,
) -> Result<(), AppError> {
    unit_rename::ActiveModel {
        unit_id: Set(u.account_id),
        old_name: Set(u.name.clone()),
        new_name: Set(new_name.to_owned()),
        changed_by: Set(by.to_owned()),
        changed_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// 更名记录.
pub async fn renames<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<Vec<RenameRow>, AppError> {
    // Any unit: a 待审核 one's corrections of its name are its own record.
    let unit_id = actor.unit()?;
    let rows = unit_rename::Entity::find()
        .filter(unit_rename::Column::UnitId.eq(unit_id))
        .order_by_desc(unit_rename::Column::ChangedAt)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| RenameRow {
            old_name: r.old_name,
            new_name: r.new_name,
            changed_at: cn_time(r.changed_at),
            changed_by: r.changed_by,
        })
        .collect())
}
