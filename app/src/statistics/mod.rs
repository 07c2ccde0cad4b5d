//! 统计分析: how the offices' work stands — forwarded declarations counted
//! by status, business, level, 系列, city and month over one or more
//! 申报年度, as charts and tables, for the 职改办 and the administrator
//! and, over what was sent to it, a 主管部门.
//!
//! The numbers come from counters kept in the transaction of every move
//! (`declarations::counters`), so they equal what 申报查询 counts with the same filters.
//! Shared view types live here; `api` holds the server functions, `service`
//! and `charts` (server only) the reading and the drawing.

pub mod api;
#[cfg(feature = "ssr")]
pub mod charts;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod service;

use crate::declarations::{Business, Level};
use serde::{Deserialize, Serialize};

/// The longest range one request may cover, in years.
pub const MAX_YEARS: i32 = 10;

/// What to count. Years 0 mean the current year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatsFilter {
    pub from_year: i32,
    pub to_year: i32,
    pub business: Option<Business>,
    pub level: Option<Level>,
    pub series_id: Option<i64>,
}

impl StatsFilter {
    /// The filter as the Excel download reads it.
    pub fn export_url(&self) -> String {
        let mut q = format!("/exports/statistics.xlsx?from_year={}&to_year={}", self.from_year, self.to_year);
        if let Some(b) = self.business {
            q.push_str(&format!("&business={}", b.code()));
        }
        if let Some(l) = self.level {
            q.push_str(&format!("&level={}", l.code()));
        }
        if let Some(s) = self.series_id {
            q.push_str(&format!("&series_id={s}"));
        }
        q
    }
}

/// One bar or table row: its code, its label and its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub code: String,
    pub label: String,
    pub n: u64,
}

/// One city: its counts by status, in the order of `Statistics::statuses`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CityCounts {
    pub code: String,
    pub name: String,
    pub by_status: Vec<u64>,
    pub total: u64,
}

/// 统计分析 of the caller's jurisdiction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statistics {
    /// Whose work it is (the organisation, or 全区 for the administrator).
    pub scope: String,
    pub from_year: i32,
    pub to_year: i32,
    pub total: u64,
    /// The status labels, the columns of `by_city`.
    pub statuses: Vec<String>,
    pub by_status: Vec<Count>,
    pub by_business: Vec<Count>,
    pub by_level: Vec<Count>,
    pub by_series: Vec<Count>,
    pub by_city: Vec<CityCounts>,
    /// By month of 报送 (code yyyymm).
    pub by_month: Vec<Count>,
    /// The bar chart by city stacked by status, and the trend by month, as SVG.
    pub city_chart: String,
    pub month_chart: String,
    /// 系列 to choose from in the filter.
    pub series: Vec<(i64, String)>,
}
