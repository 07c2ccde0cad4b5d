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

pub fn error_response(err: AppError) -> Response {
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
        Ok(bytes) => xlsx_response(bytes, "operation-log.xlsx", "%E6%93%8D%E4%BD%9C%E8%AE%B0%E5%BD%95.xlsx"),
        Err(e) => {
            tracing::error!(error = %e, "building the workbook failed");
            error_response(AppError::internal())
        }
    }
}

/// A workbook download: `name` in ASCII, `encoded` the Chinese name
/// percent-encoded for `filename*`.
pub fn xlsx_response(bytes: Vec<u8>, name: &str, encoded: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"; filename*=UTF-8''{encoded}")),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

/// 申报查询's rows, with the page's columns.
pub fn declarations_workbook(rows: &[super::DeclarationRow]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("申报查询")?;
    let bold = Format::new().set_bold();
    let titles = [
        "申报年度",
        "申报人",
        "证件号码",
        "申报业务",
        "系列/专业",
        "申报级别",
        "申报单位",
        "状态",
        "报送时间",
        "更新时间",
    ];
    for (col, title) in titles.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *title, &bold)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_number(row, 0, r.year)?;
        sheet.write_string(row, 1, &r.applicant_name)?;
        sheet.write_string(row, 2, &r.id_number_masked)?;
        sheet.write_string(row, 3, &r.business)?;
        sheet.write_string(row, 4, &r.series)?;
        sheet.write_string(row, 5, &r.level)?;
        sheet.write_string(row, 6, &r.unit_name)?;
        sheet.write_string(row, 7, r.status.label())?;
        sheet.write_string(row, 8, &r.submitted_at)?;
        sheet.write_string(row, 9, &r.updated_at)?;
    }
    for (col, width) in [(2, 22), (4, 26), (6, 36), (7, 16), (8, 20), (9, 20)] {
        sheet.set_column_width(col, width)?;
    }
    book.save_to_buffer()
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
