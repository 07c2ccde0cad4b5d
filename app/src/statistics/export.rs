//! 统计分析 as an Excel workbook: one sheet per table of the page, from the
//! same reading (`GET /exports/statistics.xlsx?from_year=&to_year=&…`).

use super::{Count, Statistics, StatsFilter};
use crate::declarations::export::{error_response, xlsx_response};
use crate::declarations::{Business, Level};
use crate::error::AppError;
use crate::server::access::CurrentActor;
use crate::server::AppState;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Extension;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

#[derive(serde::Deserialize, Default)]
pub struct StatsQuery {
    #[serde(default)]
    from_year: i32,
    #[serde(default)]
    to_year: i32,
    business: Option<String>,
    level: Option<String>,
    series_id: Option<i64>,
}

impl StatsQuery {
    fn filter(&self) -> StatsFilter {
        StatsFilter {
            from_year: self.from_year,
            to_year: self.to_year,
            business: self.business.as_deref().and_then(|c| Business::ALL.into_iter().find(|b| b.code() == c)),
            level: self.level.as_deref().and_then(|c| Level::ALL.into_iter().find(|l| l.code() == c)),
            series_id: self.series_id,
        }
    }
}

pub async fn statistics_xlsx(
    State(st): State<AppState>,
    Extension(actor): Extension<CurrentActor>,
    Query(q): Query<StatsQuery>,
) -> Response {
    let stats = match super::service::load(&st.db, &actor.0, q.filter()).await {
        Ok(s) => s,
        Err(e) => return error_response(e),
    };
    match workbook(&stats) {
        Ok(bytes) => xlsx_response(bytes, "statistics.xlsx", "%E7%BB%9F%E8%AE%A1%E5%88%86%E6%9E%90.xlsx"),
        Err(e) => {
            tracing::error!(error = %e, "building the workbook failed");
            error_response(AppError::internal())
        }
    }
}

fn counts(book: &mut Workbook, name: &str, title: &str, rows: &[Count], bold: &Format) -> Result<(), XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name(name)?;
    sheet.write_string_with_format(0, 0, title, bold)?;
    sheet.write_string_with_format(0, 1, "件数", bold)?;
    for (i, c) in rows.iter().enumerate() {
        sheet.write_string(i as u32 + 1, 0, &c.label)?;
        sheet.write_number(i as u32 + 1, 1, c.n as f64)?;
    }
    sheet.set_column_width(0, 24)?;
    Ok(())
}

pub fn workbook(s: &Statistics) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name("按城市")?;
    sheet.write_string_with_format(0, 0, "城市", &bold)?;
    for (j, label) in s.statuses.iter().enumerate() {
        sheet.write_string_with_format(0, j as u16 + 1, label, &bold)?;
    }
    sheet.write_string_with_format(0, s.statuses.len() as u16 + 1, "合计", &bold)?;
    for (i, c) in s.by_city.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, &c.name)?;
        for (j, n) in c.by_status.iter().enumerate() {
            sheet.write_number(row, j as u16 + 1, *n as f64)?;
        }
        sheet.write_number(row, s.statuses.len() as u16 + 1, c.total as f64)?;
    }
    sheet.set_column_width(0, 16)?;
    counts(&mut book, "按状态", "申报状态", &s.by_status, &bold)?;
    counts(&mut book, "按业务", "申报业务", &s.by_business, &bold)?;
    counts(&mut book, "按级别", "申报级别", &s.by_level, &bold)?;
    counts(&mut book, "按系列", "系列", &s.by_series, &bold)?;
    counts(&mut book, "按月份", "报送月份", &s.by_month, &bold)?;
    book.save_to_buffer()
}
