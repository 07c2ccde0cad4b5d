//! Server functions of the units area (thin: caller → one service call).

use super::*;
use crate::accounts::CurrentUser;
use crate::codec::Json;
use crate::error::AppError;
use crate::paging::Page;
use leptos::prelude::*;

#[server(endpoint = "units/search_units", input = Json, output = Json)]
pub async fn search_units(keyword: String) -> Result<Vec<UnitOption>, AppError> {
    use crate::server::context::{db, meta};
    super::search::units(&db()?, &meta().ip, &keyword).await
}

#[server(endpoint = "units/lookup_staff_candidate", input = Json, output = Json)]
pub async fn lookup_staff_candidate(id_number: String) -> Result<StaffCandidate, AppError> {
    use crate::server::context::{actor, db, meta, vault};
    super::staff::lookup_candidate(&db()?, &vault()?, &actor(), &meta().ip, &id_number).await
}

#[server(endpoint = "units/register_unit", input = Json, output = Json)]
pub async fn register_unit(input: RegisterUnitInput) -> Result<(), AppError> {
    use crate::server::context::{meta, state};
    super::registration::register(&state()?, &meta(), input).await
}

#[server(endpoint = "units/sign_in_unit", input = Json, output = Json)]
pub async fn sign_in_unit(input: SignInUnitInput) -> Result<CurrentUser, AppError> {
    use crate::server::context::{meta, set_cookie, state};
    let (user, cookie) = super::sign_in::unit(&state()?, &meta(), input).await?;
    set_cookie(&cookie);
    Ok(user)
}

#[server(endpoint = "units/sign_in_staff", input = Json, output = Json)]
pub async fn sign_in_staff(input: SignInStaffInput) -> Result<CurrentUser, AppError> {
    use crate::server::context::{meta, set_cookie, state};
    let (user, cookie) = super::sign_in::staff(&state()?, &meta(), input).await?;
    set_cookie(&cookie);
    Ok(user)
}

#[server(endpoint = "units/load_unit_profile", input = Json, output = Json)]
pub async fn load_unit_profile() -> Result<UnitProfile, AppError> {
    use crate::server::context::{actor, db};
    super::profile::profile(&db()?, &actor()).await
}

#[server(endpoint = "units/update_unit_info", input = Json, output = Json)]
pub async fn update_unit_info(input: UpdateUnitInput) -> Result<UnitProfile, AppError> {
    use crate::server::context::{actor, db, meta};
    super::profile::update(&db()?, &actor(), &meta().ip, input).await
}

#[server(endpoint = "units/list_unit_renames", input = Json, output = Json)]
pub async fn list_unit_renames() -> Result<Vec<RenameRow>, AppError> {
    use crate::server::context::{actor, db};
    super::profile::renames(&db()?, &actor()).await
}

#[server(endpoint = "units/list_unit_contacts", input = Json, output = Json)]
pub async fn list_unit_contacts() -> Result<Vec<ContactRow>, AppError> {
    use crate::server::context::{actor, db, vault};
    super::contacts::list(&db()?, &vault()?, &actor()).await
}

#[server(endpoint = "units/save_unit_contact", input = Json, output = Json)]
pub async fn save_unit_contact(input: ContactInput) -> Result<Vec<ContactRow>, AppError> {
    use crate::server::context::{actor, db, vault};
    super::contacts::save(&db()?, &vault()?, &actor(), input).await
}

#[server(endpoint = "units/remove_unit_contact", input = Json, output = Json)]
pub async fn remove_unit_contact(id: uuid::Uuid) -> Result<Vec<ContactRow>, AppError> {
    use crate::server::context::{actor, db, vault};
    super::contacts::remove(&db()?, &vault()?, &actor(), id).await
}

#[server(endpoint = "units/list_unit_staff", input = Json, output = Json)]
pub async fn list_unit_staff() -> Result<Vec<StaffRow>, AppError> {
    use crate::server::context::{actor, db, vault};
    super::staff::list(&db()?, &vault()?, &actor()).await
}

#[server(endpoint = "units/add_unit_staff", input = Json, output = Json)]
pub async fn add_unit_staff(id_number: String) -> Result<Vec<StaffRow>, AppError> {
    use crate::server::context::{actor, db, meta, vault};
    super::staff::add(&db()?, &vault()?, &actor(), &meta().ip, &id_number).await
}

#[server(endpoint = "units/set_unit_staff_enabled", input = Json, output = Json)]
pub async fn set_unit_staff_enabled(id: uuid::Uuid, enabled: bool) -> Result<Vec<StaffRow>, AppError> {
    use crate::server::context::{actor, db, meta, vault};
    super::staff::set_enabled(&db()?, &vault()?, &actor(), &meta().ip, id, enabled).await
}

#[server(endpoint = "units/remove_unit_staff", input = Json, output = Json)]
pub async fn remove_unit_staff(id: uuid::Uuid) -> Result<Vec<StaffRow>, AppError> {
    use crate::server::context::{actor, db, meta, vault};
    super::staff::remove(&db()?, &vault()?, &actor(), &meta().ip, id).await
}

/// 我所在的单位: the units that list the signed-in person as staff.
#[server(endpoint = "units/my_units", input = Json, output = Json)]
pub async fn my_units() -> Result<Vec<MyUnitRow>, AppError> {
    use crate::server::context::{actor, db};
    super::staff::my_units(&db()?, &actor()).await
}

#[server(endpoint = "units/leave_unit", input = Json, output = Json)]
pub async fn leave_unit(id: uuid::Uuid) -> Result<Vec<MyUnitRow>, AppError> {
    use crate::server::context::{actor, db, meta};
    super::staff::leave(&db()?, &actor(), &meta().ip, id).await
}

#[server(endpoint = "units/list_unit_registrations", input = Json, output = Json)]
pub async fn list_unit_registrations(status: Option<UnitStatus>, page: u64) -> Result<Page<UnitReviewRow>, AppError> {
    use crate::server::context::{actor, db};
    super::review::list(&db()?, &actor(), status, page).await
}

#[server(endpoint = "units/review_unit_registration", input = Json, output = Json)]
pub async fn review_unit_registration(id: uuid::Uuid, approve: bool, note: String) -> Result<(), AppError> {
    use crate::server::context::{actor, db, meta};
    super::review::decide(&db()?, &actor(), &meta().ip, id, approve, &note).await
}

/// Changes of approved units waiting for the caller's 职改办.
#[server(endpoint = "units/list_unit_changes", input = Json, output = Json)]
pub async fn list_unit_changes() -> Result<Vec<UnitChangeRow>, AppError> {
    use crate::server::context::{actor, db};
    super::review::changes(&db()?, &actor()).await
}

#[server(endpoint = "units/review_unit_change", input = Json, output = Json)]
pub async fn review_unit_change(id: uuid::Uuid, approve: bool, note: String) -> Result<(), AppError> {
    use crate::server::context::{actor, db, meta};
    super::review::decide_change(&db()?, &actor(), &meta().ip, id, approve, &note).await
}

#[server(endpoint = "units/recovery_start", input = Json, output = Json)]
pub async fn recovery_start(input: RecoveryStartInput) -> Result<RecoveryStarted, AppError> {
    use crate::server::context::{meta, state};
    super::recovery::start(&state()?, &meta(), input).await
}

#[server(endpoint = "units/recovery_send_code", input = Json, output = Json)]
pub async fn recovery_send_code(input: RecoverySendInput) -> Result<RecoveryCodeSent, AppError> {
    use crate::server::context::{meta, state};
    super::recovery::send_code(&state()?, &meta(), input).await
}

#[server(endpoint = "units/recovery_reset", input = Json, output = Json)]
pub async fn recovery_reset(input: RecoveryResetInput) -> Result<(), AppError> {
    use crate::server::context::{meta, state};
    super::recovery::reset(&state()?, &meta(), input).await
}

/// 单位行业 a unit may choose (public: 单位注册 asks before any account):
/// the enabled ones, and `current`, the unit's own, even when disabled.
#[server(endpoint = "units/industry_options", input = Json, output = Json)]
pub async fn industry_options(current: String) -> Result<Vec<(String, String)>, AppError> {
    use crate::server::context::db;
    super::industry::options(&db()?, &current).await
}
