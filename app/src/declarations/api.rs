//! Server functions of declarations (thin: caller → one service call).

use super::form::{Appraisal, Committee, Publicity, Recommendation};
use super::*;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::Json;

#[server(endpoint = "declarations/load_declaration_options", input = Json)]
pub async fn load_declaration_options() -> Result<DeclarationOptions, AppError> {
    use crate::server::context::{meta, state};
    super::service::options(&state()?, &meta()).await
}

/// The open 申报年度 of the office the chosen unit reports to.
#[server(endpoint = "declarations/unit_batches", input = Json)]
pub async fn unit_batches(unit_id: uuid::Uuid) -> Result<Vec<BatchOption>, AppError> {
    use crate::server::context::{meta, state};
    super::service::batches_for_unit(&state()?, &meta(), unit_id).await
}

#[server(endpoint = "declarations/create_declaration", input = Json)]
pub async fn create_declaration(input: CreateDeclarationInput) -> Result<uuid::Uuid, AppError> {
    use crate::server::context::{meta, state};
    super::service::create(&state()?, &meta(), input).await
}

#[server(endpoint = "declarations/my_declarations", input = Json)]
pub async fn my_declarations() -> Result<Vec<DeclarationRow>, AppError> {
    use crate::server::context::{meta, state};
    super::service::mine(&state()?, &meta()).await
}

#[server(endpoint = "declarations/load_declaration", input = Json)]
pub async fn load_declaration(id: uuid::Uuid) -> Result<DeclarationDetail, AppError> {
    use crate::server::context::{meta, state};
    super::service::detail(&state()?, &meta(), id).await
}

#[server(endpoint = "declarations/save_declaration", input = Json)]
pub async fn save_declaration(input: SaveDeclarationInput) -> Result<DeclarationDetail, AppError> {
    use crate::server::context::{meta, state};
    super::service::save(&state()?, &meta(), input).await
}

#[server(endpoint = "declarations/submit_declaration", input = Json)]
pub async fn submit_declaration(id: uuid::Uuid, version: i32) -> Result<DeclarationDetail, AppError> {
    use crate::server::context::{meta, state};
    super::service::submit(&state()?, &meta(), id, version).await
}

#[server(endpoint = "declarations/my_messages", input = Json)]
pub async fn my_messages() -> Result<Vec<MessageRow>, AppError> {
    use crate::server::context::{meta, state};
    super::service::messages(&state()?, &meta()).await
}

#[server(endpoint = "declarations/mark_messages_read", input = Json)]
pub async fn mark_messages_read() -> Result<(), AppError> {
    use crate::server::context::{meta, state};
    super::service::mark_messages_read(&state()?, &meta()).await
}

#[server(endpoint = "declarations/todo_count", input = Json)]
pub async fn todo_count() -> Result<u64, AppError> {
    use crate::server::context::{meta, state};
    super::service::todo_count(&state()?, &meta()).await
}

#[server(endpoint = "declarations/todo_list", input = Json)]
pub async fn todo_list(filter: TodoFilter) -> Result<DeclarationPage, AppError> {
    use crate::server::context::{meta, state};
    super::service::todo_list(&state()?, &meta(), filter).await
}

#[server(endpoint = "declarations/save_recommendation", input = Json)]
pub async fn save_recommendation(id: uuid::Uuid, opinion: Recommendation) -> Result<DeclarationDetail, AppError> {
    use crate::server::context::{meta, state};
    super::review::save_recommendation(&state()?, &meta(), id, opinion).await
}

#[server(endpoint = "declarations/save_appraisal", input = Json)]
pub async fn save_appraisal(id: uuid::Uuid, opinion: Appraisal) -> Result<DeclarationDetail, AppError> {
    use crate::server::context::{meta, state};
    super::review::save_appraisal(&state()?, &meta(), id, opinion).await
}

#[server(endpoint = "declarations/save_publicity", input = Json)]
pub async fn save_publicity(id: uuid::Uuid, opinion: Publicity) -> Result<DeclarationDetail, AppError> {
    use crate::server::context::{meta, state};
    super::review::save_publicity(&state()?, &meta(), id, opinion).await
}

#[server(endpoint = "declarations/save_committee", input = Json)]
pub async fn save_committee(id: uuid::Uuid, opinion: Committee) -> Result<DeclarationDetail, AppError> {
    use crate::server::context::{meta, state};
    super::review::save_committee(&state()?, &meta(), id, opinion).await
}

#[server(endpoint = "declarations/forward_targets", input = Json)]
pub async fn forward_targets(id: uuid::Uuid) -> Result<Vec<TargetOption>, AppError> {
    use crate::server::context::{meta, state};
    super::review::targets(&state()?, &meta(), id).await
}

#[server(endpoint = "declarations/forward_declaration", input = Json)]
pub async fn forward_declaration(input: ForwardInput) -> Result<DeclarationDetail, AppError> {
    use crate::server::context::{meta, state};
    super::review::forward(&state()?, &meta(), input).await
}

#[server(endpoint = "declarations/return_declaration", input = Json)]
pub async fn return_declaration(input: ReturnInput) -> Result<DeclarationDetail, AppError> {
    use crate::server::context::{meta, state};
    super::review::send_back(&state()?, &meta(), input).await
}

#[server(endpoint = "declarations/org_queue", input = Json)]
pub async fn org_queue(page: u64) -> Result<DeclarationPage, AppError> {
    use crate::server::context::{meta, state};
    super::review::org_queue(&state()?, &meta(), page).await
}

#[server(endpoint = "declarations/decide_declaration", input = Json)]
pub async fn decide_declaration(input: DecideInput) -> Result<DeclarationDetail, AppError> {
    use crate::server::context::{meta, state};
    super::review::decide(&state()?, &meta(), input).await
}

#[server(endpoint = "declarations/operation_log", input = Json)]
pub async fn operation_log(filter: OperationFilter) -> Result<OperationPage, AppError> {
    use crate::server::context::{meta, state};
    super::review::operations(&state()?, &meta(), filter, super::service::PER_PAGE).await
}
