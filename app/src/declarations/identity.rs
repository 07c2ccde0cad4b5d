//! 证件号码 and phone numbers are masked everywhere; only the reviewers of
//! a declaration (its unit's staff, the offices it was sent to, the
//! administrator) may see them whole, one declaration at a time, and each
//! look is in the audit log.

use super::ApplicantIdentity;
use crate::error::AppError;
use crate::server::access::{self, Actor};
use crate::server::audit;
use crate::server::entities::person;
use crate::server::personal::Vault;
use sea_orm::{ConnectionTrait, EntityTrait};

pub async fn reveal<C: ConnectionTrait>(
    db: &C,
    vault: &Vault,
    actor: &Actor,
    ip: &str,
    id: uuid::Uuid,
) -> Result<ApplicantIdentity, AppError> {
    let d = access::reviewed_declaration(db, actor, id).await?;
    let phone = person::Entity::find_by_id(d.person_id).one(db).await?.map(|p| vault.open(&p.phone));
    audit::record(
        db,
        actor.account(),
        "查看完整证件号码",
        &format!("declaration:{}", d.public_id),
        ip,
        d.applicant_id_masked.as_deref().unwrap_or_default(),
    )
    .await;
    Ok(ApplicantIdentity { id_number: vault.open(&d.applicant_id_number), phone: phone.unwrap_or_default() })
}
