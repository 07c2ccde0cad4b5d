//! File upload with its limits shown, sent at once to `POST /upload`, and a
//! preview of what was stored.

use super::form::FormErrors;
use crate::domain::file_kind::SCAN_HINT;
use crate::uploads::FileRef;
use leptos::prelude::*;

/// A scan upload bound to `value` (the stored file, once uploaded).
///
/// ```ignore
/// let licence = RwSignal::new(None::<FileRef>);
/// view! { <FileUpload label="营业执照" name="licence" purpose="licence" value=licence errors=errors/> }
/// ```
#[component]
pub fn FileUpload(
    #[prop(into)] label: String,
    name: &'static str,
    purpose: &'static str,
    value: RwSignal<Option<FileRef>>,
    errors: FormErrors,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let busy = RwSignal::new(false);
    let local_error = RwSignal::new(None::<String>);
    let err = move || local_error.get().or_else(|| errors.field(name));
    let on_change = move |ev: leptos::ev::Event| {
        local_error.set(None);
        errors.clear(name);
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            if file.size() > crate::domain::file_kind::MAX_SCAN_BYTES as f64 {
                local_error.set(Some("文件超过 10MB，请压缩后重新上传".into()));
                input.set_value("");
                return;
            }
            busy.set(true);
            leptos::task::spawn_local(async move {
                match send(file, purpose).await {
                    Ok(f) => value.set(Some(f)),
                    Err(m) => local_error.set(Some(m)),
                }
                busy.set(false);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, purpose);
    };
    let hint = hint.unwrap_or_else(|| SCAN_HINT.to_string());
    view! {
        <div class="field" class:required=required class:has-error=move || err().is_some()>
            <label for=id.clone()>{label}</label>
            <div class="field-body">
                <input id=id type="file" name=name accept=".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"
                    aria-invalid=move || err().is_some().to_string() on:change=on_change/>
                <p class="field-hint">{hint}</p>
                <Show when=move || busy.get()>
                    <p class="muted" role="status">"上传中…"</p>
                </Show>
                {move || value.get().map(|f| view! { <FilePreview file=f/> })}
                {move || err().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </div>
        </div>
    }
}

/// A stored file: a thumbnail for images, a link for PDFs.
#[component]
pub fn FilePreview(file: FileRef) -> impl IntoView {
    let url = file.url();
    let size = if file.size >= 1024 * 1024 {
        // In tenths, rounded half up: integer arithmetic keeps float
        // formatting (about 14 KB of wasm) out of the bundle.
        let tenths = (file.size * 10 + 512 * 1024) / (1024 * 1024);
        format!("{}.{} MB", tenths / 10, tenths % 10)
    } else {
        format!("{} KB", (file.size + 1023) / 1024)
    };
    view! {
        <div class="file-preview" data-testid="file-preview">
            {file.is_image().then(|| view! {
                <a href=url.clone() target="_blank" rel="noopener"><img src=url.clone() alt=format!("{}预览", file.name)/></a>
            })}
            <a href=url target="_blank" rel="noopener">{file.name.clone()}</a>
            <span class="muted">" (" {size} ")"</span>
        </div>
    }
}

#[cfg(feature = "hydrate")]
async fn send(file: web_sys::File, purpose: &str) -> Result<FileRef, String> {
    use crate::error::AppError;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let failed = |_| "上传失败，请检查网络后重试".to_string();
    let form = web_sys::FormData::new().map_err(failed)?;
    form.append_with_blob_and_filename("file", &file, &file.name()).map_err(failed)?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&form);
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    let req = web_sys::Request::new_with_str_and_init(&format!("/upload?purpose={purpose}"), &init).map_err(failed)?;
    let resp = JsFuture::from(window().fetch_with_request(&req)).await.map_err(failed)?;
    let resp: web_sys::Response = resp.dyn_into().map_err(failed)?;
    let text = JsFuture::from(resp.text().map_err(failed)?).await.map_err(failed)?.as_string().unwrap_or_default();
    if resp.ok() {
        serde_json::from_str::<FileRef>(&text).map_err(|_| "上传失败，请重试".to_string())
    } else {
        Err(serde_json::from_str::<AppError>(&text)
            .map(|e| e.to_string())
            .unwrap_or_else(|_| "上传失败，请重试".to_string()))
    }
}
