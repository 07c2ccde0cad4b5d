//! The portal's shared building blocks. A new page is assembled from these
//! rather than written again; each has a short example in its doc comment.

pub mod auth;
pub mod call;
pub mod certificate;
pub mod change_password;
pub mod data_table;
pub mod declaration_list;
pub mod declaration_view;
pub mod dialog;
pub mod documents;
pub mod form;
pub mod frame;
pub mod identity_reveal;
pub mod loaded;
pub mod pager;
pub mod rows;
pub mod sign_in;
pub mod staff_add_dialog;
pub mod unit_fields;
pub mod unit_picker;
pub mod upload;

pub use auth::{Auth, RequireRole};
pub use call::{server_call, ServerCall};
pub use certificate::{CertificateBadge, CertificateState, CertificateStatusCell};
pub use change_password::ChangePasswordForm;
pub use data_table::{DataTable, Paging};
pub use declaration_list::DeclarationTable;
pub use declaration_view::{DeclarationSummary, DeclarationView, OpinionsView, StatusBadge, Timeline};
pub use dialog::{ConfirmDialog, Dialog, PendingConfirm};
pub use documents::ReviewFormLinks;
pub use form::{
    Banner, BoundField, BoundTextArea, CodeAndNewPassword, FormErrors, SelectField, SubmitButton, TextField,
};
pub use frame::{MenuItem, PortalHeader, SideMenu};
pub use identity_reveal::IdentityReveal;
pub use loaded::Loaded;
pub use pager::Pager;
pub use rows::{Cell, Column, RowsEditor};
pub use sign_in::SignInForm;
pub use staff_add_dialog::StaffAddDialog;
pub use unit_fields::{IndustrySelect, RegionSelect, UnitKindSelect};
pub use unit_picker::UnitPicker;
pub use upload::{FilePreview, FileUpload};
