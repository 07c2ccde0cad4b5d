//! Server functions of the dictionaries (thin: caller → one service call).

use super::*;
use crate::codec::Json;
use crate::declarations::rules::Rule;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "dictionaries/list_series", input = Json, output = Json)]
pub async fn list_series() -> Result<Vec<SeriesRow>, AppError> {
    use crate::server::context::{actor, db};
    super::series::list(&db()?, &actor()).await
}

#[server(endpoint = "dictionaries/load_series", input = Json, output = Json)]
pub async fn load_series(id: i64) -> Result<SeriesDetail, AppError> {
    use crate::server::context::{actor, db};
    super::series::detail(&db()?, &actor(), id).await
}

#[server(endpoint = "dictionaries/save_series", input = Json, output = Json)]
pub async fn save_series(input: SeriesInput) -> Result<SeriesRow, AppError> {
    use crate::server::context::{actor, db, meta};
    super::series::save(&db()?, &actor(), &meta().ip, input).await
}

#[server(endpoint = "dictionaries/set_series_enabled", input = Json, output = Json)]
pub async fn set_series_enabled(id: i64, enabled: bool) -> Result<(), AppError> {
    use crate::server::context::{actor, db, meta};
    super::series::set_enabled(&db()?, &actor(), &meta().ip, id, enabled).await
}

#[server(endpoint = "dictionaries/save_specialty", input = Json, output = Json)]
pub async fn save_specialty(input: SpecialtyInput) -> Result<SpecialtyRow, AppError> {
    use crate::server::context::{actor, db, meta};
    super::series::save_specialty(&db()?, &actor(), &meta().ip, input).await
}

#[server(endpoint = "dictionaries/set_specialty_enabled", input = Json, output = Json)]
pub async fn set_specialty_enabled(id: i64, enabled: bool) -> Result<(), AppError> {
    use crate::server::context::{actor, db, meta};
    super::series::set_specialty_enabled(&db()?, &actor(), &meta().ip, id, enabled).await
}

#[server(endpoint = "dictionaries/save_specialty_name", input = Json, output = Json)]
pub async fn save_specialty_name(input: SpecialtyNameInput) -> Result<(), AppError> {
    use crate::server::context::{actor, db, meta};
    super::series::save_specialty_name(&db()?, &actor(), &meta().ip, input).await
}

#[server(endpoint = "dictionaries/set_qualification_name_enabled", input = Json, output = Json)]
pub async fn set_qualification_name_enabled(id: i64, enabled: bool) -> Result<(), AppError> {
    use crate::server::context::{actor, db, meta};
    super::series::set_name_enabled(&db()?, &actor(), &meta().ip, id, enabled).await
}

#[server(endpoint = "dictionaries/list_industries", input = Json, output = Json)]
pub async fn list_industries() -> Result<Vec<IndustryRow>, AppError> {
    use crate::server::context::{actor, db};
    super::industries::list(&db()?, &actor()).await
}

#[server(endpoint = "dictionaries/save_industry", input = Json, output = Json)]
pub async fn save_industry(input: IndustryInput) -> Result<IndustryRow, AppError> {
    use crate::server::context::{actor, db, meta};
    super::industries::save(&db()?, &actor(), &meta().ip, input).await
}

#[server(endpoint = "dictionaries/set_industry_enabled", input = Json, output = Json)]
pub async fn set_industry_enabled(id: i64, enabled: bool) -> Result<(), AppError> {
    use crate::server::context::{actor, db, meta};
    super::industries::set_enabled(&db()?, &actor(), &meta().ip, id, enabled).await
}

#[server(endpoint = "dictionaries/load_rules", input = Json, output = Json)]
pub async fn load_rules() -> Result<Vec<Rule>, AppError> {
    use crate::server::context::{actor, db};
    super::rules::load(&db()?, &actor()).await
}

#[server(endpoint = "dictionaries/save_rules", input = Json, output = Json)]
pub async fn save_rules(rules: Vec<Rule>) -> Result<Vec<Rule>, AppError> {
    use crate::server::context::{actor, db, meta};
    super::rules::save(&db()?, &actor(), &meta().ip, rules).await
}
