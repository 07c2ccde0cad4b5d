//! 操作记录 (`/staff/log`), with its Excel export.

use super::frame::StaffArea;
use crate::components::{DataTable, Loaded, Paging, SubmitButton};
use crate::declarations::api::operation_log;
use crate::declarations::{OperationFilter, OperationRow};
use leptos::prelude::*;

#[component]
pub fn StaffLogPage() -> impl IntoView {
    view! { <StaffArea><StaffLog/></StaffArea> }
}

#[component]
fn StaffLog() -> impl IntoView {
    let year = RwSignal::new(String::new());
    let keyword = RwSignal::new(String::new());
    let page = RwSignal::new(1u64);
    let applied = RwSignal::new(OperationFilter { page: 1, ..Default::default() });
    let apply = move || {
        applied.set(OperationFilter {
            year: year.get_untracked().trim().parse().ok(),
            keyword: keyword.get_untracked(),
            page: page.get_untracked(),
        })
    };
    Effect::new(move |prev: Option<u64>| {
        let p = page.get();
        if prev.is_some() {
            apply();
        }
        p
    });
    let list = Resource::new(move || applied.get(), operation_log);
    let export_href = move || {
        let f = applied.get();
        let mut q = Vec::new();
        if let Some(y) = f.year {
            q.push(format!("year={y}"));
        }
        if !f.keyword.trim().is_empty() {
            q.push(format!("keyword={}", crate::domain::url::percent_encode(f.keyword.trim())));
        }
        format!("/exports/operation-log.xlsx{}{}", if q.is_empty() { "" } else { "?" }, q.join("&"))
    };
    view! {
        <section class="card">
            <div class="card-head">
                <h2>"操作记录"</h2>
                <a class="btn" href=export_href download="操作记录.xlsx">"导出Excel"</a>
            </div>
            <p class="muted">"在操作记录中可以查看本单位工作人员对职称材料的操作记录。"</p>
            <form method="post" class="filters" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); page.set(1); apply(); }>
                <label>"申报年度"<input aria-label="申报年度" type="text" maxlength="4" prop:value=move || year.get() on:input=move |ev| year.set(event_target_value(&ev))/></label>
                <label>"申报人或操作"<input aria-label="申报人或操作" type="text" maxlength="30" prop:value=move || keyword.get() on:input=move |ev| keyword.set(event_target_value(&ev))/></label>
                <SubmitButton label="查询" pending=Signal::derive(|| false)/>
            </form>
            <Loaded resource=list transition=true let:p>
                <DataTable columns=&["申报年度", "创建时间", "操作人", "申报人", "身份证", "状态"] expandable=true
                    pager=Paging::of(page, &p) rows=p.rows empty="暂无操作记录" testid="operation-log"
                    row=|r: OperationRow| view! { <OperationLogRow row=r/> }/>
            </Loaded>
        </section>
    }
}

/// One 操作记录 row; its ">" opens the step's detail (the manual's rows
/// expand the same way). A `<tbody>` per row keeps the pair together.
#[component]
fn OperationLogRow(row: OperationRow) -> impl IntoView {
    let open = RwSignal::new(false);
    let r = row;
    let detail = r.clone();
    view! {
        <tbody class="log-entry" class:open=move || open.get()>
            <tr>
                <td class="expander-col">
                    <button type="button" class="expander" aria-expanded=move || open.get().to_string()
                        aria-label=format!("展开{}的{}详情", r.applicant, r.action)
                        on:click=move |_| open.update(|o| *o = !*o)>
                        {move || if open.get() { "∨" } else { ">" }}
                    </button>
                </td>
                <td>{r.year}</td><td>{r.at.clone()}</td><td>{r.operator.clone()}</td><td>{r.applicant.clone()}</td><td>{r.id_number_masked.clone()}</td><td>{r.action.clone()}</td>
            </tr>
            <Show when=move || open.get()>
                <tr class="log-detail">
                    <td></td>
                    <td colspan="6">
                        <dl class="info-grid" data-testid="operation-detail">
                            <dt>"操作"</dt><dd>{detail.action.clone()}</dd>
                            <dt>"操作时间"</dt><dd>{detail.at.clone()}</dd>
                            <dt>"操作人"</dt><dd>{detail.operator.clone()} {(!detail.operator_org.is_empty()).then(|| format!("（{}）", detail.operator_org))}</dd>
                            {(!detail.target.is_empty()).then(|| view! { <dt>"报送至"</dt><dd>{detail.target.clone()}</dd> })}
                            {(!detail.reason.is_empty()).then(|| view! { <dt>"原因"</dt><dd>{detail.reason.clone()}</dd> })}
                        </dl>
                    </td>
                </tr>
            </Show>
        </tbody>
    }
}
