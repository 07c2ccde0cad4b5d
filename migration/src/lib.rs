//! Database migrations, one per change, named by date. Run on every start
//! by the server; `cargo run -p migration -- --help` is the CLI.

pub use sea_orm_migration::prelude::*;

mod m20261127_000001_accounts;
mod m20261127_000002_orgs_seed;
mod m20261127_000003_units;
mod m20261127_000004_declarations;
mod m20261127_000005_password_reset;
mod m20261128_000006_operation_detail;
mod m20261128_000007_access;
mod m20261128_000008_recovery_codes;
mod m20261128_000009_upload_owner;
mod m20261128_000010_unit_changes;
mod m20261128_000011_personal_hashes;
mod m20261128_000012_certificates;
mod m20261128_000013_administration;
mod m20261128_000014_declaration_stats;
mod m20261128_000015_dictionaries;
mod m20261128_000016_background_work;
mod m20261206_000017_scratch_tables;

/// Recounts each organisation's 待办事项 (after a bulk load).
pub use m20261128_000012_certificates::BACKFILL_TODO;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_000001_accounts::Migration),
            Box::new(m20261127_000002_orgs_seed::Migration),
            Box::new(m20261127_000003_units::Migration),
            Box::new(m20261127_000004_declarations::Migration),
            Box::new(m20261127_000005_password_reset::Migration),
            Box::new(m20261128_000006_operation_detail::Migration),
            Box::new(m20261128_000007_access::Migration),
            Box::new(m20261128_000008_recovery_codes::Migration),
            Box::new(m20261128_000009_upload_owner::Migration),
            Box::new(m20261128_000010_unit_changes::Migration),
            Box::new(m20261128_000011_personal_hashes::Migration),
            Box::new(m20261128_000012_certificates::Migration),
            Box::new(m20261128_000013_administration::Migration),
            Box::new(m20261128_000014_declaration_stats::Migration),
            Box::new(m20261128_000015_dictionaries::Migration),
            Box::new(m20261128_000016_background_work::Migration),
            Box::new(m20261206_000017_scratch_tables::Migration),
        ]
    }
}
