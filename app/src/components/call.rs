//! Calling a server function from a page: an [`Action`] the page
//! dispatches, reads the answer of and shows as pending.
//!
//! ```ignore
//! let save = server_call::<SaveSpecialty>();
//! save.dispatch(SaveSpecialty { input });
//! let done = move || matches!(save.value().get(), Some(Ok(_)));
//! ```

use leptos::prelude::*;
use server_fn::ServerFn;

/// What [`server_call`] returns (a `Copy` handle, like every signal).
pub type ServerCall<S> = Action<S, Result<<S as ServerFn>::Output, <S as ServerFn>::Error>>;

/// Leptos' `ServerAction` minus one thing: on creation it looks for an
/// error that a plain (script-less) form post left in the page's URL, and
/// decoding that error was 4 KB of the wasm every visitor loads first.
/// The portal's forms never post without script (their buttons wait for
/// hydration), so there is never such an error to find.
pub fn server_call<S>() -> ServerCall<S>
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    Action::new(|input: &S| S::run_on_client(input.clone()))
}
