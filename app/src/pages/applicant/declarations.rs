//! 我的申报: the applicant's declarations (`/person/declarations`).

use super::frame::ApplicantArea;
use crate::components::StatusBadge;
use crate::declarations::api::my_declarations;
use leptos::prelude::*;

#[component]
pub fn MyDeclarationsPage() -> impl IntoView {
    view! { <ApplicantArea><MyDeclarations/></ApplicantArea> }
}

#[component]
fn MyDeclarations() -> impl IntoView {
    let list = Resource::new(|| (), |_| my_declarations());
    view! {
        <section class="card">
            <div class="card-head">
                <h2>"我的申报"</h2>
                <a class="btn btn-primary" href="/person/declarations/new">"新建申报"</a>
            </div>
            <Suspense fallback=|| view! { <p class="loading">"加载中…"</p> }>
                {move || list.get().map(|r| match r {
                    Ok(rows) if rows.is_empty() => view! { <p class="empty">"您还没有申报。点击“新建申报”开始。"</p> }.into_any(),
                    Ok(rows) => view! {
                        <div class="table-wrap"><table class="table">
                            <thead><tr><th>"业务类型"</th><th>"申报年度"</th><th>"申报单位"</th><th>"系列/专业"</th><th>"级别"</th><th>"状态"</th><th>"更新时间"</th><th>"操作"</th></tr></thead>
                            <tbody>
                                {rows.into_iter().map(|r| view! {
                                    <tr>
                                        <td>{r.business}</td><td>{r.year}</td><td>{r.unit_name}</td><td>{r.series}</td><td>{r.level}</td>
                                        <td><StatusBadge status=r.status/></td><td>{r.updated_at}</td>
                                        <td><a href=format!("/person/declarations/{}", r.id)>{if r.status.applicant_may_edit() { "填写" } else { "查看" }}</a></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table></div>
                    }.into_any(),
                    Err(e) => view! { <div class="banner banner-error" role="alert">{e.to_string()}</div> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
