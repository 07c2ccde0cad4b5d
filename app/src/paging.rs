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

    #[test]
    fn the_json_keeps_its_field_names() {
        let p = Page { rows: vec!["a"], total: 1, page: 1, per_page: 20 };
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v, serde_json::json!({ "rows": ["a"], "total": 1, "page": 1, "per_page": 20 }));
    }
}
