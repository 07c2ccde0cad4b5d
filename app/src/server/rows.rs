//! Reading a result row's columns by position, in the order a statement
//! selected them: the hot reads (the session on every request, a list's
//! page) spare the lookup of every column by name and, on PostgreSQL,
//! sqlx's per-value type check.

use sea_orm::{DbErr, QueryResult, TryGetable};

/// A row's columns read one after another, from `next`.
pub struct InOrder<'a> {
    res: &'a QueryResult,
    next: usize,
}

impl<'a> InOrder<'a> {
    /// The row's columns from column `first` (0 for the first selected).
    pub fn from(res: &'a QueryResult, first: usize) -> Self {
        Self { res, next: first }
    }

    /// The next column's value. On PostgreSQL without sqlx's per-value type
    /// check: it built and compared six type descriptions for every text
    /// column, and reading a page's 280 values was a fifth of the server's
    /// instructions on 待办事项. The columns' types are the migrations' own
    /// and the tests read every one of them on PostgreSQL; a value of
    /// another type would still fail to decode (wrong length, invalid
    /// UTF-8), not pass. Elsewhere (SQLite) sea-orm's checked read.
    pub fn take<T>(&mut self) -> Result<T, DbErr>
    where
        T: TryGetable + for<'r> sea_orm::sqlx::Decode<'r, sea_orm::sqlx::Postgres>,
    {
        let at = self.next;
        self.next += 1;
        match self.res.try_as_pg_row() {
            Some(row) => sea_orm::sqlx::Row::try_get_unchecked(row, at)
                .map_err(|e| DbErr::Query(sea_orm::RuntimeErr::SqlxError(e.into()))),
            None => self.res.try_get_by_index(at),
        }
    }
}
