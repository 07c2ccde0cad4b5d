//! 表报下载: the 《评审表》 (and its masked 公示版) and the electronic
//! certificate as PDF documents, produced on the server from the stored
//! rows each time they are downloaded (never a second copy that could
//! drift).
//!
//! `layout` places text and tables on pages (pure, tested without fonts),
//! `render` writes the PDF with them (krilla,
//! the faces of `server::fonts` embedded and subset), `review_form` and `certificate` are the two
//! documents, `service` the download routes and their zips.

#[cfg(feature = "ssr")]
pub mod certificate;
#[cfg(feature = "ssr")]
pub mod layout;
#[cfg(feature = "ssr")]
pub mod render;
#[cfg(feature = "ssr")]
pub mod review_form;
#[cfg(feature = "ssr")]
pub mod service;

/// Where the pages link to the documents.
pub fn review_form_path(declaration: uuid::Uuid, public: bool) -> String {
    let query = if public { "?public=1" } else { "" };
    format!("/documents/declarations/{declaration}/review-form.pdf{query}")
}

pub fn certificate_path(certificate: uuid::Uuid) -> String {
    format!("/documents/certificates/{certificate}.pdf")
}

/// The ticked declarations' 评审表 in one zip (a form posts here).
pub const REVIEW_FORMS_ZIP: &str = "/api/documents/review-forms.zip";
/// An office's 公示版 of what its 申报查询 filter finds.
pub const PUBLIC_REVIEW_FORMS_ZIP: &str = "/documents/public-review-forms.zip";
