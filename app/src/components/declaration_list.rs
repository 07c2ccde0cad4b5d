//! A list of declarations, as the unit staff's 待办事项 and the offices'
//! queue show it.

use super::declaration_view::StatusBadge;
use crate::declarations::{DeclarationRow, Status};
use crate::paging::Page;
use leptos::prelude::*;

/// A list of declarations; `may_act` says which statuses the viewer can
/// act on (审核), every other row offers 查看.
pub fn declarations_table(
    p: Page<DeclarationRow>,
    href: fn(uuid::Uuid) -> String,
    may_act: fn(Status) -> bool,
) -> AnyView {
    if p.rows.is_empty() {
        return view! { <p class="empty" data-testid="todo-empty">"没有符合条件的申报。"</p> }.into_any();
    }
    view! {
        <div class="table-wrap"><table class="table">
            <thead><tr>
                <th>"申报人"</th><th>"身份证"</th><th>"业务类型"</th><th>"系列/专业"</th><th>"级别"</th>
                <th>"申报年度"</th><th>"状态"</th><th>"提交时间"</th><th>"操作"</th>
            </tr></thead>
            <tbody>
                {p.rows.into_iter().map(|r| {
                    let label = if may_act(r.status) { "审核" } else { "查看" };
                    view! {
                        <tr>
                            <td>{r.applicant_name}</td><td>{r.id_number_masked}</td><td>{r.business}</td><td>{r.series}</td>
                            <td>{r.level}</td><td>{r.year}</td><td><StatusBadge status=r.status/></td><td>{r.submitted_at}</td>
                            <td><a href=href(r.id)>{label}</a></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
    }
    .into_any()
}
