//! Server functions of administration (thin: caller → one service call).

use super::*;
use crate::codec::Json;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "admin/org_tree", input = Json, output = Json)]
pub async fn org_tree() -> Result<Vec<OrgNode>, AppError> {
    use crate::server::context::{actor, db};
    super::orgs::tree(&db()?, &actor()).await
}

#[server(endpoint = "admin/create_org", input = Json, output = Json)]
pub async fn create_org(input: NewOrgInput) -> Result<OrgNode, AppError> {
    use crate::server::context::{actor, db, meta};
    super::orgs::create(&db()?, &actor(), &meta().ip, input).await
}

#[server(endpoint = "admin/rename_org", input = Json, output = Json)]
pub async fn rename_org(input: RenameOrgInput) -> Result<(), AppError> {
    use crate::server::context::{actor, db, meta};
    super::orgs::rename(&db()?, &actor(), &meta().ip, input).await
}

#[server(endpoint = "admin/set_org_enabled", input = Json, output = Json)]
pub async fn set_org_enabled(id: i64, enabled: bool) -> Result<(), AppError> {
    use crate::server::context::{actor, db, meta};
    super::orgs::set_enabled(&db()?, &actor(), &meta().ip, id, enabled).await
}

#[server(endpoint = "admin/org_officers", input = Json, output = Json)]
pub async fn org_officers(org_id: i64) -> Result<OrgWithOfficers, AppError> {
    use crate::server::context::{actor, db};
    super::officers::of_org(&db()?, &actor(), org_id).await
}

#[server(endpoint = "admin/create_officer", input = Json, output = Json)]
pub async fn create_officer(input: NewOfficerInput) -> Result<OfficerRow, AppError> {
    use crate::server::context::{actor, meta, state};
    let st = state()?;
    super::officers::create(&st.db, &st.vault, &st.hasher, &actor(), &meta().ip, input).await
}

#[server(endpoint = "admin/set_officer_enabled", input = Json, output = Json)]
pub async fn set_officer_enabled(id: uuid::Uuid, enabled: bool) -> Result<(), AppError> {
    use crate::server::context::{actor, db, meta};
    super::officers::set_enabled(&db()?, &actor(), &meta().ip, id, enabled).await
}

#[server(endpoint = "admin/reset_officer_password", input = Json, output = Json)]
pub async fn reset_officer_password(input: ResetPasswordInput) -> Result<(), AppError> {
    use crate::server::context::{actor, meta, state};
    let st = state()?;
    super::officers::reset_password(&st.db, &st.hasher, &actor(), &meta().ip, input).await
}

#[server(endpoint = "admin/list_batches", input = Json, output = Json)]
pub async fn list_batches() -> Result<Vec<BatchRow>, AppError> {
    use crate::server::context::{actor, db};
    super::batches::list(&db()?, &actor()).await
}

#[server(endpoint = "admin/create_batch", input = Json, output = Json)]
pub async fn create_batch(input: NewBatchInput) -> Result<BatchRow, AppError> {
    use crate::server::context::{actor, db, meta};
    super::batches::create(&db()?, &actor(), &meta().ip, input).await
}

#[server(endpoint = "admin/set_batch_dates", input = Json, output = Json)]
pub async fn set_batch_dates(input: BatchDatesInput) -> Result<BatchRow, AppError> {
    use crate::server::context::{actor, db, meta};
    super::batches::set_dates(&db()?, &actor(), &meta().ip, input).await
}

#[server(endpoint = "admin/close_batch", input = Json, output = Json)]
pub async fn close_batch(id: i64) -> Result<BatchRow, AppError> {
    use crate::server::context::{actor, db, meta};
    super::batches::close(&db()?, &actor(), &meta().ip, id).await
}

#[server(endpoint = "admin/login_log", input = Json, output = Json)]
pub async fn login_log(filter: LogFilter) -> Result<crate::paging::Page<LoginLogRow>, AppError> {
    use crate::server::context::{actor, db, vault};
    super::logs::logins(&db()?, &vault()?, &actor(), &filter, super::logs::PER_PAGE).await
}

#[server(endpoint = "admin/audit_log", input = Json, output = Json)]
pub async fn audit_log(filter: LogFilter) -> Result<crate::paging::Page<AuditLogRow>, AppError> {
    use crate::server::context::{actor, db, vault};
    super::logs::audits(&db()?, &vault()?, &actor(), &filter, super::logs::PER_PAGE).await
}

/// The 操作类别 to choose from: of the administrative log, or of the moves of declarations.
#[server(endpoint = "admin/audit_kinds", input = Json, output = Json)]
pub async fn audit_kinds(transitions: bool) -> Result<Vec<String>, AppError> {
    use crate::server::context::{actor, db};
    super::logs::actions(&db()?, &actor(), transitions).await
}
