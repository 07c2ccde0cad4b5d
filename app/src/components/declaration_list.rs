//! A page of declarations, as the unit staff's 待办事项 and the offices'
//! queue show it.

use super::data_table::{DataTable, Paging};
use super::declaration_view::StatusBadge;
use crate::declarations::{DeclarationRow, Status};
use crate::paging::Page;
use leptos::prelude::*;

/// One page of declarations with its pager; `may_act` says which statuses
/// the viewer can act on (审核), every other row offers 查看.
///
/// ```ignore
/// view! { <DeclarationTable list=p page=page href=|id| format!("/staff/declarations/{id}") may_act=Status::awaits_unit/> }
/// ```
#[component]
pub fn DeclarationTable(
    list: Page<DeclarationRow>,
    page: RwSignal<u64>,
    href: fn(uuid::Uuid) -> String,
    may_act: fn(Status) -> bool,
) -> impl IntoView {
    let pager = Paging::of(page, &list);
    view! {
        <DataTable columns=&["申报人", "身份证", "业务类型", "系列/专业", "级别", "申报年度", "状态", "提交时间", "操作"]
            rows=list.rows empty="没有符合条件的申报。" empty_testid="todo-empty" pager=pager
            row=move |r: DeclarationRow| {
                let label = if may_act(r.status) { "审核" } else { "查看" };
                view! {
                    <tr>
                        <td>{r.applicant_name}</td><td>{r.id_number_masked}</td><td>{r.business}</td><td>{r.series}</td>
                        <td>{r.level}</td><td>{r.year}</td><td><StatusBadge status=r.status/></td><td>{r.submitted_at}</td>
                        <td><a href=href(r.id)>{label}</a></td>
                    </tr>
                }
            }/>
    }
}
