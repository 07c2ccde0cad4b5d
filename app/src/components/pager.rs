//! Paging of a list whose pages come from the database.

use leptos::prelude::*;

/// 上一页 / 第 n / m 页，共 k 条 / 下一页, bound to `page` (1-based).
///
/// ```ignore
/// view! { <Pager page=page total=result.total per_page=result.per_page/> }
/// ```
#[component]
pub fn Pager(page: RwSignal<u64>, total: u64, per_page: u64) -> impl IntoView {
    let pages = crate::paging::pages(total, per_page);
    let first = move || page.get() <= 1;
    let last = move || page.get() >= pages;
    view! {
        <nav class="pager" aria-label="分页">
            <button type="button" class="btn small" disabled=first on:click=move |_| page.update(|p| *p -= 1)>"上一页"</button>
            <span>"第 " {move || page.get()} " / " {pages} " 页，共 " {total} " 条"</span>
            <button type="button" class="btn small" disabled=last on:click=move |_| page.update(|p| *p += 1)>"下一页"</button>
        </nav>
    }
}
