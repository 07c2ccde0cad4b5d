//! Links to the printed documents (`documents::service` produces them).
//!
//! ```ignore
//! <ReviewFormLinks id=d.id public=true/>
//! ```

use crate::documents::review_form_path;
use leptos::prelude::*;

/// 下载评审表 (and, for reviewers, its 公示版): plain downloads that work
/// before the page is interactive.
#[component]
pub fn ReviewFormLinks(id: uuid::Uuid, #[prop(optional)] public: bool) -> impl IntoView {
    view! {
        <span class="doc-links">
            <a class="btn small" href=review_form_path(id, false) download="" data-testid="review-form-link">"下载评审表"</a>
            {public.then(|| view! {
                <a class="btn small" href=review_form_path(id, true) download="">"下载公示版"</a>
            })}
        </span>
    }
}
