//! Server functions of declarations: each reads the caller once (the
//! access layer) and makes one service call.

use super::form::{Appraisal, Committee, Publicity, Recommendation};
use super::*;
use crate::codec::Json;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "declarations/load_declaration_options", input = Json, output = Json)]
pub async fn load_declaration_options(choosable: bool) -> Result<DeclarationOptions, AppError> {
    use crate::server::context::{actor, db};
    super::applicant::options(&db()?, &actor(), choosable).await
}

/// The open 申报年度 of the office the chosen unit reports to.
#[server(endpoint = "declarations/unit_batches", input = Json, output = Json)]
pub async fn unit_batches(unit_id: uuid::Uuid) -> Result<Vec<BatchOption>, AppError> {
    use crate::server::context::{actor, db};
    super::applicant::batches_for_unit(&db()?, &actor(), unit_id).await
}

#[server(endpoint = "declarations/create_declaration", input = Json, output = Json)]
pub async fn create_declaration(input: CreateDeclarationInput) -> Result<uuid::Uuid, AppError> {
    use crate::server::context::{actor, db, vault};
    super::applicant::create(&db()?, &vault()?, &actor(), input).await
}

#[server(endpoint = "declarations/my_declarations", input = Json, output = Json)]
pub async fn my_declarations() -> Result<Vec<DeclarationRow>, AppError> {
    use crate::server::context::{actor, db};
    super::applicant::mine(&db()?, &actor()).await
}

#[server(endpoint = "declarations/load_declaration", input = Json, output = Json)]
pub async fn load_declaration(id: uuid::Uuid) -> Result<DeclarationDetail, AppError> {
    use crate::server::context::{actor, db, vault};
    super::applicant::detail(&db()?, &vault()?, &actor(), id).await
}

#[server(endpoint = "declarations/save_declaration", input = Json, output = Json)]
pub async fn save_declaration(input: SaveDeclarationInput) -> Result<DeclarationDetail, AppError> {
    use crate::server::context::{actor, db, vault};
    super::applicant::save(&db()?, &vault()?, &actor(), input).await
}

#[server(endpoint = "declarations/submit_declaration", input = Json, output = Json)]
pub async fn submit_declaration(id: uuid::Uuid, version: i32) -> Result<DeclarationDetail, AppError> {
    use crate::server::context::{actor, db, vault};
    super::applicant::submit(&db()?, &vault()?, &actor(), id, version).await
}

#[server(endpoint = "declarations/my_messages", input = Json, output = Json)]
pub async fn my_messages() -> Result<Vec<MessageRow>, AppError> {
    use crate::server::context::{actor, db};
    super::messages::list(&db()?, &actor()).await
}

#[server(endpoint = "declarations/mark_messages_read", input = Json, output = Json)]
pub async fn mark_messages_read() -> Result<(), AppError> {
    use crate::server::context::{actor, db};
    super::messages::mark_read(&db()?, &actor()).await
}

#[server(endpoint = "declarations/staff_home", input = Json, output = Json)]
pub async fn load_staff_home() -> Result<StaffHome, AppError> {
    use crate::server::context::{actor, db};
    super::todo::staff_home(&db()?, &actor()).await
}

#[server(endpoint = "declarations/todo_count", input = Json, output = Json)]
pub async fn todo_count() -> Result<u64, AppError> {
    use crate::server::context::{actor, db};
    super::todo::count(&db()?, &actor()).await
}

#[server(endpoint = "declarations/todo_list", input = Json, output = Json)]
pub async fn todo_list(filter: TodoFilter) -> Result<Page<DeclarationRow>, AppError> {
    use crate::server::context::{actor, db, vault};
    super::todo::list(&db()?, &vault()?, &actor(), filter).await
}

/// The four opinions carry the declaration's version: a save made on an
/// out-of-date page is refused (it changed meanwhile), never merged.
#[server(endpoint = "declarations/save_recommendation", input = Json, output = Json)]
pub async fn save_recommendation(
    id: uuid::Uuid,
    version: i32,
    opinion: Recommendation,
) -> Result<DeclarationDetail, AppError> {
    use crate::server::context::{actor, db, vault};
    super::unit_review::save_recommendation(&db()?, &vault()?, &actor(), id, version, opinion).await
}

#[server(endpoint = "declarations/save_appraisal", input = Json, output = Json)]
pub async fn save_appraisal(id: uuid::Uuid, version: i32, opinion: Appraisal) -> Result<DeclarationDetail, AppError> {
    use crate::server::context::{actor, db, vault};
    super::unit_review::save_appraisal(&db()?, &vault()?, &actor(), id, version, opinion).await
}

#[server(endpoint = "declarations/save_publicity", input = Json, output = Json)]
pub async fn save_publicity(id: uuid::Uuid, version: i32, opinion: Publicity) -> Result<DeclarationDetail, AppError> {
    use crate::server::context::{actor, db, vault};
    super::unit_review::save_publicity(&db()?, &vault()?, &actor(), id, version, opinion).await
}

#[server(endpoint = "declarations/save_committee", input = Json, output = Json)]
pub async fn save_committee(id: uuid::Uuid, version: i32, opinion: Committee) -> Result<DeclarationDetail, AppError> {
    use crate::server::context::{actor, db, vault};
    super::unit_review::save_committee(&db()?, &vault()?, &actor(), id, version, opinion).await
}

#[server(endpoint = "declarations/forward_targets", input = Json, output = Json)]
pub async fn forward_targets(id: uuid::Uuid) -> Result<Vec<TargetOption>, AppError> {
    use crate::server::context::{actor, db};
    super::unit_review::targets(&db()?, &actor(), id).await
}

#[server(endpoint = "declarations/forward_declaration", input = Json, output = Json)]
pub async fn forward_declaration(input: ForwardInput) -> Result<DeclarationDetail, AppError> {
    use crate::server::context::{actor, db, vault};
    super::unit_review::forward(&db()?, &vault()?, &actor(), input).await
}

#[server(endpoint = "declarations/return_declaration", input = Json, output = Json)]
pub async fn return_declaration(input: ReturnInput) -> Result<DeclarationDetail, AppError> {
    use crate::server::context::{actor, db, vault};
    super::unit_review::send_back(&db()?, &vault()?, &actor(), input).await
}

/// The office area's header: the organisation and its red count.
#[server(endpoint = "declarations/office_home", input = Json, output = Json)]
pub async fn load_office_home() -> Result<OfficeHome, AppError> {
    use crate::server::context::{actor, db};
    super::org_review::home(&db()?, &actor()).await
}

/// The offices' 待办事项: what waits for this organisation.
#[server(endpoint = "declarations/org_queue", input = Json, output = Json)]
pub async fn org_queue(filter: OfficeFilter) -> Result<Page<DeclarationRow>, AppError> {
    use crate::server::context::{actor, db, state};
    super::org_review::queue(&db()?, &state()?, &actor(), filter).await
}

/// 已办事项: what this organisation decided.
#[server(endpoint = "declarations/org_decided", input = Json, output = Json)]
pub async fn org_decided(page: u64) -> Result<Page<DecidedRow>, AppError> {
    use crate::server::context::{actor, db};
    super::search::decided(&db()?, &actor(), page).await
}

/// 申报查询: everything in this organisation's jurisdiction.
#[server(endpoint = "declarations/org_search", input = Json, output = Json)]
pub async fn org_search(filter: OfficeFilter) -> Result<Page<DeclarationRow>, AppError> {
    use crate::server::context::{actor, db, vault};
    super::search::search(&db()?, &vault()?, &actor(), filter, super::view::PER_PAGE).await
}

#[server(endpoint = "declarations/decide_declaration", input = Json, output = Json)]
pub async fn decide_declaration(input: DecideInput) -> Result<DeclarationDetail, AppError> {
    use crate::server::context::{actor, state};
    super::org_review::decide(&state()?, &actor(), input).await
}

/// 批量审核: one decision for many rows; the result says how each went.
#[server(endpoint = "declarations/decide_many", input = Json, output = Json)]
pub async fn decide_many(input: BatchDecideInput) -> Result<Vec<BatchOutcome>, AppError> {
    use crate::server::context::{actor, state};
    super::org_review::decide_many(&state()?, &actor(), input).await
}

/// The unit's 消息中心 (its staff).
#[server(endpoint = "declarations/unit_messages", input = Json, output = Json)]
pub async fn unit_messages() -> Result<Vec<UnitMessageRow>, AppError> {
    use crate::server::context::{actor, db};
    super::messages::of_unit(&db()?, &actor()).await
}

#[server(endpoint = "declarations/mark_unit_messages_read", input = Json, output = Json)]
pub async fn mark_unit_messages_read() -> Result<(), AppError> {
    use crate::server::context::{actor, db};
    super::messages::mark_unit_read(&db()?, &actor()).await
}

#[server(endpoint = "declarations/operation_log", input = Json, output = Json)]
pub async fn operation_log(filter: OperationFilter) -> Result<Page<OperationRow>, AppError> {
    use crate::server::context::{actor, db};
    super::operations::list(&db()?, &actor(), filter, 20).await
}

/// A reviewer's look at the applicant's whole 证件号码 and phone; each look
/// is written to the audit log.
#[server(endpoint = "declarations/reveal_identity", input = Json, output = Json)]
pub async fn reveal_identity(id: uuid::Uuid) -> Result<ApplicantIdentity, AppError> {
    use crate::server::context::{actor, db, meta, vault};
    super::identity::reveal(&db()?, &vault()?, &actor(), &meta().ip, id).await
}
