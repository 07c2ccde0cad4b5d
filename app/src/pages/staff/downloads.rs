//! 表报下载 (`/staff/downloads`): the unit's declarations, each with its
//! 《评审表》, and the ticked ones in one zip; the manual's 注意事项 beside.

use super::frame::StaffArea;
use crate::components::{DataTable, Loaded, Paging, ReviewFormLinks, StatusBadge, SubmitButton};
use crate::declarations::api::todo_list;
use crate::declarations::{Business, DeclarationRow, TodoFilter};
use crate::documents::REVIEW_FORMS_ZIP;
use leptos::prelude::*;
use std::collections::BTreeSet;

#[component]
pub fn StaffDownloadsPage() -> impl IntoView {
    view! { <StaffArea><StaffDownloads/></StaffArea> }
}

/// The manual's 注意事项 of 表报下载, word for word.
const NOTES: [&str; 3] = [
    "表格视单位及个人实际需要下载，对于报送评审会不需要提供表格的，可不下载。",
    "在《评审表》材料中，包含审核原件所需的《基层单位考核推荐意见》、《单位审议小组推荐意见》（申报初级职称不用此项）、《任现职以来年度及任职期满考核结果》表，单位审核下载表格中的所填内容与系统中所出具的内容一致，加盖单位公章或单位人力资源部公章即可。",
    "若在系统中下载不到相关材料，可到“中国广西人才市场职称网” - “下载专区”进行下载。",
];

#[component]
fn StaffDownloads() -> impl IntoView {
    let year = RwSignal::new(String::new());
    let business = RwSignal::new(String::new());
    let keyword = RwSignal::new(String::new());
    let page = RwSignal::new(1u64);
    // Everything the unit was sent (drafts are the applicant's).
    let applied = RwSignal::new(TodoFilter { status: "all".into(), page: 1, ..Default::default() });
    let apply = move || {
        applied.set(TodoFilter {
            status: "all".into(),
            year: year.get_untracked().trim().parse().ok(),
            business: Business::from_code(&business.get_untracked()),
            keyword: keyword.get_untracked(),
            page: page.get_untracked(),
            ..Default::default()
        })
    };
    Effect::new(move |prev: Option<u64>| {
        let now = page.get();
        if prev.is_some() {
            apply();
        }
        now
    });
    let list = Resource::new(move || applied.get(), todo_list);
    let ticked = RwSignal::new(BTreeSet::<uuid::Uuid>::new());
    // Ticks belong to the list on screen.
    Effect::new(move |prev: Option<()>| {
        applied.track();
        if prev.is_some() {
            ticked.set(BTreeSet::new());
        }
    });
    let toggle = move |id: uuid::Uuid, on: bool| {
        ticked.update(|t| {
            if on {
                t.insert(id);
            } else {
                t.remove(&id);
            }
        })
    };
    view! {
        <section class="card">
            <div class="card-head"><h2>"表报下载"</h2></div>
            <p>"本系统为单位用户提供了相关表格下载功能。请单位用户填写完申报信息后，在下方申报记录中下载相关材料。"</p>
            <div class="with-notes">
                <div class="with-notes-main">
                    <form method="post" class="filters" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); page.set(1); apply(); }>
                        <label>"申报年度"<input aria-label="申报年度" type="text" maxlength="4" placeholder="如 2026" prop:value=move || year.get() on:input=move |ev| year.set(event_target_value(&ev))/></label>
                        <label>"业务类型"
                            <select aria-label="业务类型" on:change=move |ev| business.set(event_target_value(&ev))>
                                <option value="">"全部"</option>
                                {Business::ALL.into_iter().map(|b| view! { <option value=b.code()>{b.label()}</option> }).collect_view()}
                            </select>
                        </label>
                        <label>"姓名或身份证号"<input aria-label="姓名或身份证号" type="text" maxlength="30" prop:value=move || keyword.get() on:input=move |ev| keyword.set(event_target_value(&ev))/></label>
                        <SubmitButton label="查询" pending=Signal::derive(|| false)/>
                    </form>
                    // The ticks below belong to this form (their `form` attribute):
                    // a plain post whose answer is the zip.
                    <form id="zip-form" method="post" action=REVIEW_FORMS_ZIP class="batch-bar" aria-label="批量下载">
                        <span>{move || format!("已选 {} 条", ticked.with(|t| t.len()))}</span>
                        <label class="inline"><input type="checkbox" name="public" value="1"/>" 公示版（隐去证件号码、手机号码和电子邮箱）"</label>
                        <button type="submit" class="btn small btn-primary" data-testid="zip-download"
                            disabled=move || ticked.with(|t| t.is_empty())>"下载所选评审表（zip）"</button>
                    </form>
                    <Loaded resource=list transition=true let:p>
                        {
                            let ids: Vec<uuid::Uuid> = p.rows.iter().map(|r| r.id).collect();
                            let pager = Paging::of(page, &p);
                            view! {
                                <label class="inline select-all">
                                    <input type="checkbox" aria-label="全选本页" on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        for id in &ids { toggle(*id, on); }
                                    }/>
                                    " 全选本页"
                                </label>
                                <DataTable columns=&["选择", "申报人", "身份证", "业务类型", "系列/专业", "级别", "申报年度", "状态", "提交时间", "操作"]
                                    rows=p.rows empty="暂无可下载评审表的申报：申报人报送单位后，评审表即可在这里下载。" empty_testid="downloads-empty"
                                    testid="downloads" pager=pager
                                    row=move |r: DeclarationRow| {
                                        let id = r.id;
                                        view! {
                                            <tr>
                                                <td><input type="checkbox" name="ids" form="zip-form" value=id.to_string()
                                                    aria-label=format!("选择{}", r.applicant_name)
                                                    prop:checked=move || ticked.with(|t| t.contains(&id))
                                                    on:change=move |ev| toggle(id, event_target_checked(&ev))/></td>
                                                <td>{r.applicant_name}</td><td>{r.id_number_masked}</td><td>{r.business}</td><td>{r.series}</td>
                                                <td>{r.level}</td><td>{r.year}</td><td><StatusBadge status=r.status/></td><td>{r.submitted_at}</td>
                                                <td><ReviewFormLinks id=id public=true/></td>
                                            </tr>
                                        }
                                    }/>
                            }
                        }
                    </Loaded>
                </div>
                <aside class="notes" aria-labelledby="notes-title">
                    <h3 id="notes-title">"注意事项："</h3>
                    <ol>{NOTES.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ol>
                </aside>
            </div>
        </section>
    }
}
