//! The security headers of every response. Pages get a Content Security
//! Policy naming the nonce of their own inline scripts (Leptos adds it to
//! the hydration and resource scripts); everything else gets a policy that
//! allows nothing. No page may be framed (clickjacking of 审核报送).

use axum::http::{header, HeaderMap, HeaderValue};

/// A rendered page: its own scripts (by nonce), the wasm, same-origin
/// requests; images also from `data:`/`blob:` (previews of uploads).
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Anything that is not a page (JSON, files, images): nothing runs, nothing frames it.
pub const NOTHING: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Sets the page's policy on the response being rendered (server side).
pub fn set_page_policy() {
    use leptos::prelude::use_context;
    if let (Some(nonce), Some(opts)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) {
        if let Ok(v) = HeaderValue::from_str(&page_policy(&nonce)) {
            opts.insert_header(header::CONTENT_SECURITY_POLICY, v);
        }
    }
}

/// The headers every response carries; a policy already set (a page's)
/// is kept. HSTS only when cookies are marked Secure (served over HTTPS).
pub fn apply(headers: &mut HeaderMap, https: bool) {
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(NOTHING));
    }
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if https {
        headers
            .insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
}
