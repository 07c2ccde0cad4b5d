//! 已办事项 (`/manage/done`): what this office decided, newest first, with
//! the decision, its reason and where the declaration stands now.

use super::frame::ManageArea;
use crate::components::{DataTable, Loaded, Paging, StatusBadge};
use crate::declarations::api::org_decided;
use crate::declarations::DecidedRow;
use leptos::prelude::*;

#[component]
pub fn OrgDonePage() -> impl IntoView {
    view! { <ManageArea><OrgDone/></ManageArea> }
}

#[component]
fn OrgDone() -> impl IntoView {
    let page = RwSignal::new(1u64);
    let list = Resource::new(move || page.get(), org_decided);
    view! {
        <section class="card">
            <h2>"已办事项"</h2>
            <Loaded resource=list transition=true let:p>
                {
                    let pager = Paging::of(page, &p);
                    view! {
                        <DataTable columns=&["申报人", "身份证", "业务类型", "级别", "申报单位", "办理结果", "原因", "办理人", "办理时间", "当前状态", "操作"]
                            rows=p.rows empty="暂无已办事项。" testid="org-done" pager=pager
                            row=|r: DecidedRow| {
                                let d = r.declaration;
                                view! {
                                    <tr>
                                        <td>{d.applicant_name}</td><td>{d.id_number_masked}</td><td>{d.business}</td><td>{d.level}</td>
                                        <td>{d.unit_name}</td><td>{r.decision}</td><td>{r.reason}</td><td>{r.operator}</td><td>{r.at}</td>
                                        <td><StatusBadge status=d.status/></td>
                                        <td><a href=format!("/manage/declarations/{}", d.id)>"查看"</a></td>
                                    </tr>
                                }
                            }/>
                    }
                }
            </Loaded>
        </section>
    }
}
