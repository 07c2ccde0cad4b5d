//! Server functions of 统计分析 (thin: caller → one service call).

use super::*;
use crate::codec::Json;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "statistics/load_statistics", input = Json, output = Json)]
pub async fn load_statistics(filter: StatsFilter) -> Result<Statistics, AppError> {
    use crate::server::context::{actor, db};
    super::service::load(&db()?, &actor(), filter).await
}

/// 重新统计: the administrator counts every declaration again (after a bulk
/// load, or an upgrade during which older servers moved declarations).
#[server(endpoint = "statistics/recount_statistics", input = Json, output = Json)]
pub async fn recount_statistics() -> Result<u64, AppError> {
    use crate::server::context::{actor, db, meta};
    let (db, actor) = (db()?, actor());
    let account = crate::server::access::admin(&actor)?;
    let n = crate::declarations::counters::recount(&db).await?;
    crate::server::audit::record(&db, Some(account), "重新统计", "statistics", &meta().ip, &format!("{n}件申报")).await;
    Ok(n)
}
