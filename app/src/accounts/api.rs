//! Server functions of the accounts area. Each is thin: read the caller,
//! call one service, return a view type. Endpoints are fixed so tests and
//! rate limits can name them.

use super::*;
use crate::codec::Json;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "accounts/current_session_user", input = Json, output = Json)]
pub async fn current_session_user() -> Result<Option<CurrentUser>, AppError> {
    use crate::server::context::{actor, db};
    super::service::current_user(&db()?, &actor()).await
}

#[server(endpoint = "accounts/register_person", input = Json, output = Json)]
pub async fn register_person(input: RegisterPersonInput) -> Result<(), AppError> {
    use crate::server::context::{meta, state};
    let st = state()?;
    super::service::register_person(&st, &meta(), input).await
}

#[server(endpoint = "accounts/sign_in_person", input = Json, output = Json)]
pub async fn sign_in_person(input: SignInPersonInput) -> Result<CurrentUser, AppError> {
    use crate::server::context::{meta, set_cookie, state};
    let st = state()?;
    let (user, cookie) = super::service::sign_in_person(&st, &meta(), input).await?;
    set_cookie(&cookie);
    Ok(user)
}

#[server(endpoint = "accounts/sign_in_officer", input = Json, output = Json)]
pub async fn sign_in_officer(input: SignInOfficerInput) -> Result<CurrentUser, AppError> {
    use crate::server::context::{meta, set_cookie, state};
    let st = state()?;
    let (user, cookie) = super::service::sign_in_officer(&st, &meta(), input).await?;
    set_cookie(&cookie);
    Ok(user)
}

#[server(endpoint = "accounts/sign_out", input = Json, output = Json)]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::server::context::{meta, set_cookie, state};
    let st = state()?;
    if let Some(cookie) = super::service::sign_out(&st, &meta()).await? {
        set_cookie(&cookie);
    }
    Ok(())
}

#[server(endpoint = "accounts/load_person_profile", input = Json, output = Json)]
pub async fn load_person_profile(person_id: uuid::Uuid) -> Result<PersonProfile, AppError> {
    use crate::server::context::{actor, db, vault};
    super::service::person_profile(&db()?, &vault()?, &actor(), person_id).await
}

#[server(endpoint = "accounts/update_contact", input = Json, output = Json)]
pub async fn update_contact(input: UpdateContactInput) -> Result<PersonProfile, AppError> {
    use crate::server::context::{actor, db, vault};
    super::service::update_contact(&db()?, &vault()?, &actor(), input).await
}

#[server(endpoint = "accounts/change_password", input = Json, output = Json)]
pub async fn change_password(input: ChangePasswordInput) -> Result<(), AppError> {
    use crate::server::context::{actor, meta, state};
    let (st, meta) = (state()?, meta());
    let session = meta.session.map(|s| s.id).unwrap_or_default();
    super::service::change_password(&st.db, &st.hasher, &actor(), &session, input).await
}

#[server(endpoint = "accounts/forgot_password_start", input = Json, output = Json)]
pub async fn forgot_password_start(input: ForgotStartInput) -> Result<uuid::Uuid, AppError> {
    use crate::server::context::{meta, state};
    super::recovery::start(&state()?, &meta(), input).await
}

#[server(endpoint = "accounts/forgot_password_reset", input = Json, output = Json)]
pub async fn forgot_password_reset(input: ForgotResetInput) -> Result<(), AppError> {
    use crate::server::context::{meta, state};
    super::recovery::reset(&state()?, &meta(), input).await
}
