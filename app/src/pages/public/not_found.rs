use leptos::prelude::*;

/// 404: the page does not exist (the server also answers 404).
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
        opts.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <section class="error-page">
            <h1>"404"</h1>
            <p>"您访问的页面不存在或已被移除。"</p>
            <p><a class="btn" href="/">"返回首页"</a></p>
        </section>
    }
}
