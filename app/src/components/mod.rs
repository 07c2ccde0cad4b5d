//! The portal's shared building blocks. A new page is assembled from these
//! rather than written again; each has a short example in its doc comment.

pub mod auth;
pub mod declaration_view;
pub mod dialog;
pub mod form;
pub mod frame;
pub mod identity_reveal;
pub mod pager;
pub mod rows;
pub mod unit_picker;
pub mod upload;

pub use auth::{Auth, RequireRole};
pub use declaration_view::{DeclarationSummary, DeclarationView, OpinionsView, StatusBadge, Timeline};
pub use dialog::{ConfirmDialog, Dialog, PendingConfirm};
pub use form::{
    Banner, BoundField, BoundTextArea, CodeAndNewPassword, FormErrors, SelectField, SubmitButton, TextField,
};
pub use frame::{MenuItem, PortalHeader, SideMenu};
pub use identity_reveal::IdentityReveal;
pub use pager::Pager;
pub use rows::{Cell, Column, RowsEditor};
pub use unit_picker::UnitPicker;
pub use upload::{FilePreview, FileUpload};
