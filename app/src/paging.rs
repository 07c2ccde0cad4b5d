//! One page of a list whose pages come from the database: the type every
//! paged list shares, from the service through the server function to the
//! page's `<DataTable>` and its pager.

use serde::{Deserialize, Serialize};

/// The rows of page `page` (1-based) of `total`, `per_page` at a time.
///
/// ```ignore
/// Ok(Page { rows, total, page, per_page: PER_PAGE })
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

impl<T> Page<T> {
    /// How many pages the list has (at least one, even when empty).
    pub fn pages(&self) -> u64 {
        pages(self.total, self.per_page)
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// How many pages `total` rows fill, `per_page` at a time (at least one).
pub fn pages(total: u64, per_page: u64) -> u64 {
    total.div_ceil(per_page.max(1)).max(1)
}

/// A built statement (which must end in its ORDER BY) limited to page
/// `page` (from 1), written into the SQL as `LIMIT n OFFSET m`.
///
/// Why not sea-orm's bound `.limit()`: PostgreSQL cannot cost a generic
/// plan whose limit is a parameter, so it planned the 待办事项 list afresh on
/// every call (0.65 ms of planning for 0.3 ms of work, half the database's
/// time under load). With the bounds in the text each page reuses its plan.
/// Both are our own integers, never the caller's text.
#[cfg(feature = "ssr")]
pub fn limited(mut stmt: sea_orm::Statement, page: u64, per_page: u64) -> sea_orm::Statement {
    use std::fmt::Write;
    let offset = page.saturating_sub(1).saturating_mul(per_page);
    let _ = write!(stmt.sql, " LIMIT {per_page} OFFSET {offset}");
    stmt
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_round_up_and_never_drop_to_zero() {
        assert_eq!(pages(0, 20), 1);
        assert_eq!(pages(1, 20), 1);
        assert_eq!(pages(20, 20), 1);
        assert_eq!(pages(21, 20), 2);
        assert_eq!(pages(5, 0), 5);
        let p = Page { rows: vec![1, 2], total: 41, page: 3, per_page: 20 };
        assert_eq!(p.pages(), 3);
        assert!(!p.is_empty());
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_page_is_written_into_the_sql_not_bound() {
        use crate::server::entities::declaration;
        use sea_orm::{ColumnTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QueryTrait};
        let q = declaration::Entity::find()
            .filter(declaration::Column::UnitId.eq(7))
            .order_by_desc(declaration::Column::SubmittedAt);
        for backend in [DbBackend::Postgres, DbBackend::Sqlite] {
            let stmt = limited(q.build(backend), 3, 20);
            assert!(
                stmt.sql.ends_with("ORDER BY \"declaration\".\"submitted_at\" DESC LIMIT 20 OFFSET 40"),
                "{}",
                stmt.sql
            );
            // Only the filter's value is bound.
            assert_eq!(stmt.values.map(|v| v.0.len()), Some(1));
        }
        // Page 0 is read as the first page.
        assert!(limited(q.build(DbBackend::Postgres), 0, 20).sql.ends_with("LIMIT 20 OFFSET 0"));
    }

    #[test]
    fn the_json_keeps_its_field_names() {
        let p = Page { rows: vec!["a"], total: 1, page: 1, per_page: 20 };
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v, serde_json::json!({ "rows": ["a"], "total": 1, "page": 1, "per_page": 20 }));
    }
}
