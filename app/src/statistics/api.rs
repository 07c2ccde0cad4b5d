//! Server functions of 统计分析 (thin: caller → one service call).

use super::*;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::Json;

#[server(endpoint = "statistics/load_statistics", input = Json)]
pub async fn load_statistics(filter: StatsFilter) -> Result<Statistics, AppError> {
    use crate::server::context::{actor, db};
    super::service::load(&db()?, &actor(), filter).await
}
