//! Downloads: the unit's 操作记录 as an Excel workbook (.xlsx), a plain
//! axum route that reuses the session and the same query as the page.

use super::OperationFilter;
use crate::error::AppError;
use crate::server::access::CurrentActor;
use crate::server::AppState;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use rust_xlsxwriter::{Format, Workbook};

/// Rows in one export; the page narrows larger logs with its filters.
const MAX_ROWS: u64 = 20_000;

#[derive(serde::Deserialize, Default)]
pub struct ExportQuery {
    year: Option<i32>,
    #[serde(default)]
    keyword: String,
}

fn error_response(err: AppError) -> Response {
    let status = StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], err.to_string()).into_response()
}

/// `GET /exports/operation-log.xlsx?year=&keyword=`
pub async fn operation_log_xlsx(
    State(st): State<AppState>,
    Extension(actor): Extension<CurrentActor>,
    Query(q): Query<ExportQuery>,
) -> Response {
    let filter = OperationFilter { year: q.year, keyword: q.keyword, page: 1 };
    let page = match super::operations::list(&st.db, &actor.0, filter, MAX_ROWS).await {
        Ok(p) => p,
        Err(e) => return error_response(e),
    };
    match workbook(&page.rows) {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned()),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"operation-log.xlsx\"; filename*=UTF-8''%E6%93%8D%E4%BD%9C%E8%AE%B0%E5%BD%95.xlsx".to_owned()),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "building the workbook failed");
            error_response(AppError::internal())
        }
    }
}

fn workbook(rows: &[super::OperationRow]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("操作记录")?;
    let bold = Format::new().set_bold();
    // The manual's six columns, then the detail a row opens to on the page.
    for (col, title) in
        ["申报年度", "创建时间", "操作人", "申报人", "身份证", "状态", "操作单位", "报送至", "原因"].iter().enumerate()
    {
        sheet.write_string_with_format(0, col as u16, *title, &bold)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_number(row, 0, r.year)?;
        sheet.write_string(row, 1, &r.at)?;
        sheet.write_string(row, 2, &r.operator)?;
        sheet.write_string(row, 3, &r.applicant)?;
        sheet.write_string(row, 4, &r.id_number_masked)?;
        sheet.write_string(row, 5, &r.action)?;
        sheet.write_string(row, 6, &r.operator_org)?;
        sheet.write_string(row, 7, &r.target)?;
        sheet.write_string(row, 8, &r.reason)?;
    }
    sheet.set_column_width(1, 20)?;
    sheet.set_column_width(4, 22)?;
    sheet.set_column_width(5, 30)?;
    sheet.set_column_width(6, 30)?;
    sheet.set_column_width(7, 36)?;
    sheet.set_column_width(8, 40)?;
    book.save_to_buffer()
}
