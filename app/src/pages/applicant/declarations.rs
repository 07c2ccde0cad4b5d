//! 我的申报: the applicant's declarations (`/person/declarations`).

use super::frame::ApplicantArea;
use crate::components::{DataTable, Loaded, StatusBadge};
use crate::declarations::api::my_declarations;
use crate::declarations::DeclarationRow;
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
            <Loaded resource=list let:rows>
                <DataTable columns=&["业务类型", "申报年度", "申报单位", "系列/专业", "级别", "状态", "更新时间", "操作"]
                    rows=rows empty="您还没有申报。点击“新建申报”开始。"
                    row=move |r: DeclarationRow| view! {
                        <tr>
                            <td>{r.business}</td><td>{r.year}</td><td>{r.unit_name}</td><td>{r.series}</td><td>{r.level}</td>
                            <td><StatusBadge status=r.status/></td><td>{r.updated_at}</td>
                            <td><a href=format!("/person/declarations/{}", r.id)>{if r.status.applicant_may_edit() { "填写" } else { "查看" }}</a></td>
                        </tr>
                    }/>
            </Loaded>
        </section>
    }
}
