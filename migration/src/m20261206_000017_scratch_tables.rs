//! Rate-limit windows and captcha tickets are scratch data: on PostgreSQL
//! they skip the write-ahead log (UNLOGGED), so counting a hit or issuing a
//! ticket no longer waits for the disk. A database crash empties them (every
//! window restarts, open tickets must be fetched again); a clean restart
//! keeps them. SQLite has no such tables and is left as it is.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 2] = ["rate_limit", "captcha"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        set_logged(m, false).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        set_logged(m, true).await
    }
}

async fn set_logged(m: &SchemaManager<'_>, logged: bool) -> Result<(), DbErr> {
    if m.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    let mode = if logged { "LOGGED" } else { "UNLOGGED" };
    for table in TABLES {
        m.get_connection().execute_unprepared(&format!("ALTER TABLE \"{table}\" SET {mode}")).await?;
    }
    Ok(())
}
