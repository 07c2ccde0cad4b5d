//! The portal's shared building blocks. A new page is assembled from these
//! rather than written again; each has a short example in its doc comment.

pub mod auth;
pub mod form;
pub mod frame;

pub use auth::{Auth, RequireRole};
pub use form::{Banner, FormErrors, SelectField, SubmitButton, TextField};
pub use frame::{PortalHeader, SideMenu, MenuItem};
