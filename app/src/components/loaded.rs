//! A resource read in a `<Suspense>`: 加载中… while it loads, the error
//! banner when it failed, the children with the value otherwise.

use crate::error::AppError;
use leptos::prelude::*;

/// Renders `children` with the resource's value once it has loaded.
///
/// ```ignore
/// let profile = Resource::new(|| (), |_| load_unit_profile());
/// view! { <Loaded resource=profile let:p><p>{p.name}</p></Loaded> }
/// ```
///
/// Wrap only what the value feeds: everything inside is drawn again each
/// time the resource reloads (a form inside would lose what was typed, and
/// a search field inside would re-suspend on every keystroke).
/// `transition` keeps the previous value on screen while a new one loads
/// (paging, filters).
#[component]
pub fn Loaded<T, F, V>(
    resource: Resource<Result<T, AppError>>,
    children: F,
    #[prop(optional)] transition: bool,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    // Erased to one view type: a page's whole typed view tree inside a
    // Suspense overflowed the server's stack (debug builds) when rendered.
    let body = move || {
        // Leaving the page disposes its resource before this Suspense's last
        // run: there is nothing to draw then (`get` would panic).
        resource.try_get().flatten().map(|r| match r {
            Ok(value) => children(value).into_any(),
            Err(e) => view! { <div class="banner banner-error" role="alert">{e.to_string()}</div> }.into_any(),
        })
    };
    let loading = || view! { <p class="loading">"加载中…"</p> };
    if transition {
        view! { <Transition fallback=loading>{body}</Transition> }.into_any()
    } else {
        view! { <Suspense fallback=loading>{body}</Suspense> }.into_any()
    }
}
