//! 更名记录 (`/unit/renames`).

use super::frame::UnitArea;
use crate::units::api::list_unit_renames;
use leptos::prelude::*;

#[component]
pub fn UnitRenamesPage() -> impl IntoView {
    let rows = Resource::new(|| (), |_| list_unit_renames());
    view! {
        <UnitArea>
            <section class="card">
                <h2>"更名记录"</h2>
                <Suspense fallback=|| view! { <p class="loading">"加载中…"</p> }>
                    {move || rows.get().map(|r| match r {
                        Ok(rows) if rows.is_empty() => view! { <p class="empty">"暂无更名记录"</p> }.into_any(),
                        Ok(rows) => view! {
                            <table class="table">
                                <thead><tr><th>"原单位名称"</th><th>"新单位名称"</th><th>"更名时间"</th><th>"操作人"</th></tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|r| view! {
                                        <tr><td>{r.old_name}</td><td>{r.new_name}</td><td>{r.changed_at}</td><td>{r.changed_by}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                        Err(e) => view! { <div class="banner banner-error" role="alert">{e.to_string()}</div> }.into_any(),
                    })}
                </Suspense>
            </section>
        </UnitArea>
    }
}
