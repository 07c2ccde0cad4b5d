//! The unit staff's 待办事项 and 审核 page (the four opinions, 审核报送,
//! 退回给个人), the 操作记录 with its Excel export, and the minimal pages
//! of the 主管部门 / 职改办 that receive forwarded declarations.

use super::staff::StaffArea;
use crate::accounts::{CurrentUser, Role};
use crate::components::{
    Banner, BoundField, BoundTextArea, Cell, Column, ConfirmDialog, DeclarationSummary, DeclarationView, FormErrors,
    OpinionsView, Pager, PendingConfirm, RequireRole, RowsEditor, StatusBadge, SubmitButton, Timeline,
};
use crate::declarations::api::*;
use crate::declarations::form::{Appraisal, Committee, Publicity, Recommendation, YearResult, RESULTS};
use crate::declarations::{
    Action, Business, DecideInput, DeclarationDetail, DeclarationRow, ForwardInput, Level, OperationFilter,
    ReturnInput, Status, TodoFilter,
};
use crate::error::AppError;
use leptos::prelude::*;

/// A list of declarations; `may_act` says which statuses the viewer can
/// act on (审核), every other row offers 查看.
fn declarations_table(
    p: crate::paging::Page<DeclarationRow>,
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

// ------------------------------------------------------------ 待办事项

#[component]
pub fn StaffTodo() -> impl IntoView {
    let status = RwSignal::new("pending".to_string());
    let year = RwSignal::new(String::new());
    let business = RwSignal::new(String::new());
    let level = RwSignal::new(String::new());
    let keyword = RwSignal::new(String::new());
    let oldest_first = RwSignal::new(false);
    let page = RwSignal::new(1u64);
    // The filter applied by 查询 (and by paging or sorting).
    let applied = RwSignal::new(TodoFilter { status: "pending".into(), page: 1, ..Default::default() });
    let apply = move || {
        applied.set(TodoFilter {
            status: status.get_untracked(),
            year: year.get_untracked().trim().parse().ok(),
            business: Business::from_code(&business.get_untracked()),
            level: Level::from_code(&level.get_untracked()),
            keyword: keyword.get_untracked(),
            oldest_first: oldest_first.get_untracked(),
            page: page.get_untracked(),
        })
    };
    Effect::new(move |prev: Option<(u64, bool)>| {
        let now = (page.get(), oldest_first.get());
        if prev.is_some() {
            apply();
        }
        now
    });
    let list = Resource::new(move || applied.get(), todo_list);
    view! {
        <section class="card">
            <h2>"待办事项"</h2>
            <form method="post" class="filters" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); page.set(1); apply(); }>
                <label>"申报状态"
                    <select aria-label="申报状态" on:change=move |ev| status.set(event_target_value(&ev))>
                        <option value="pending" selected=true>"待审核"</option>
                        <option value="all">"全部"</option>
                        {Status::ALL.into_iter().filter(|s| *s != Status::Draft).map(|s| view! { <option value=s.code()>{s.label()}</option> }).collect_view()}
                    </select>
                </label>
                <label>"申报年度"<input aria-label="申报年度" type="text" maxlength="4" placeholder="如 2026" prop:value=move || year.get() on:input=move |ev| year.set(event_target_value(&ev))/></label>
                <label>"业务类型"
                    <select aria-label="业务类型" on:change=move |ev| business.set(event_target_value(&ev))>
                        <option value="">"全部"</option>
                        {Business::ALL.into_iter().map(|b| view! { <option value=b.code()>{b.label()}</option> }).collect_view()}
                    </select>
                </label>
                <label>"申报级别"
                    <select aria-label="申报级别" on:change=move |ev| level.set(event_target_value(&ev))>
                        <option value="">"全部"</option>
                        {Level::ALL.into_iter().map(|l| view! { <option value=l.code()>{l.label()}</option> }).collect_view()}
                    </select>
                </label>
                <label>"姓名或身份证号"<input aria-label="姓名或身份证号" type="text" maxlength="30" prop:value=move || keyword.get() on:input=move |ev| keyword.set(event_target_value(&ev))/></label>
                <SubmitButton label="查询" pending=Signal::derive(|| false)/>
                <button type="button" class="btn" on:click=move |_| oldest_first.update(|o| *o = !*o)>
                    {move || if oldest_first.get() { "按提交时间：最早在前" } else { "按提交时间：最新在前" }}
                </button>
            </form>
            <p class="muted">"若是无法看到申报人员的信息，可选择“申报状态”中的“全部”状态进行二次查询。"</p>
            <Transition fallback=|| view! { <p class="loading">"加载中…"</p> }>
                {move || list.get().map(|r| match r {
                    Ok(p) => {
                        let (total, per_page) = (p.total, p.per_page);
                        view! {
                            {declarations_table(p, |id| format!("/staff/declarations/{id}"), Status::awaits_unit)}
                            <Pager page=page total=total per_page=per_page/>
                        }.into_any()
                    }
                    Err(e) => view! { <div class="banner banner-error" role="alert">{e.to_string()}</div> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

// ------------------------------------------------------------ 审核

#[component]
pub fn ReviewPage() -> impl IntoView {
    view! { <StaffArea><ReviewLoader/></StaffArea> }
}

#[component]
fn ReviewLoader() -> impl IntoView {
    let detail = crate::components::declaration_view::route_declaration();
    // Every save returns the declaration anew; the page shows the latest.
    let current = RwSignal::new(None::<DeclarationDetail>);
    view! {
        <Suspense fallback=|| view! { <p class="loading">"加载中…"</p> }>
            {move || detail.get().map(|d| match d {
                Ok(d) => {
                    current.set(Some(d));
                    view! { <Review current=current/> }.into_any()
                }
                Err(e) => view! { <div class="banner banner-error" role="alert">{e.to_string()}</div> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Review(current: RwSignal<Option<DeclarationDetail>>) -> impl IntoView {
    let notice = RwSignal::new(None::<String>);
    let updated = Callback::new(move |d: DeclarationDetail| current.set(Some(d)));
    // The forms are built once per "may the unit act" state, not on every
    // save: what a reviewer typed elsewhere on the page must survive a save.
    let open = Memo::new(move |_| current.with(|d| d.as_ref().map(|d| d.status.awaits_unit())));
    let version = Signal::derive(move || current.with(|d| d.as_ref().map(|d| d.version).unwrap_or_default()));
    let first = move || current.get_untracked();
    view! {
        <section class="card">
            <div class="card-head"><h2>"审核"</h2><a href="/staff">"返回待办事项"</a></div>
            <p class="muted">"请对“个人填写部分”进行审核并验明原件，保证该同志所提交的专业技术资格申报材料真实有效。"</p>
            {move || current.get().map(|d| view! {
                <DeclarationSummary detail=d.clone()/>
                {(!d.warnings.is_empty()).then(|| view! {
                    <div class="banner banner-info" role="status">"申报条件提示：" {d.warnings.join("；")}</div>
                })}
            })}
            <Banner kind="success" message=notice/>
        </section>
        {first().map(|d| view! { <DeclarationView detail=d/> })}
        {move || match open.get() {
            Some(true) => first().map(|d| view! {
                <OpinionForms detail=d.clone() current=current version=version on_saved=updated notice=notice/>
                <ForwardPanel detail=d.clone() version=version on_done=updated notice=notice/>
                <ReturnPanel detail=d version=version on_done=updated notice=notice/>
            }.into_any()),
            Some(false) => Some(view! {
                {move || current.get().map(|d| view! { <OpinionsView opinions=d.opinions.clone() junior=d.level.is_junior()/> })}
            }.into_any()),
            None => None,
        }}
        {move || current.get().map(|d| view! { <Timeline entries=d.timeline/> })}
    }
}

/// The four opinions; 单位审议小组审议推荐意见 only above 初级.
#[component]
fn OpinionForms(
    detail: DeclarationDetail,
    current: RwSignal<Option<DeclarationDetail>>,
    version: Signal<i32>,
    on_saved: Callback<DeclarationDetail>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let id = detail.id;
    let o = detail.opinions.clone();
    let errors = FormErrors::new();
    let done = move |r: Option<Result<DeclarationDetail, AppError>>, what: &'static str| match r {
        Some(Ok(d)) => {
            notice.set(Some(format!("{what}已保存")));
            on_saved.run(d);
        }
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    };

    let rec_text = RwSignal::new(o.recommendation.clone().map(|r| r.text).unwrap_or_default());
    let rec = ServerAction::<SaveRecommendation>::new();
    Effect::new(move |_| done(rec.value().get(), "基层单位考核推荐意见"));

    let appraisal_rows = RwSignal::new(o.appraisal.clone().map(|a| a.rows).unwrap_or_default());
    let term_result = RwSignal::new(o.appraisal.clone().map(|a| a.term_result).unwrap_or_default());
    let apr = ServerAction::<SaveAppraisal>::new();
    Effect::new(move |_| done(apr.value().get(), "任职期满聘任职称考核结果"));

    let p = o.publicity.clone().unwrap_or_default();
    let (pub_start, pub_end, pub_result, pub_expl) =
        (RwSignal::new(p.start), RwSignal::new(p.end), RwSignal::new(p.result), RwSignal::new(p.explanation));
    let publ = ServerAction::<SavePublicity>::new();
    Effect::new(move |_| done(publ.value().get(), "公示情况"));

    let c = o.committee.clone().unwrap_or_default();
    let num = |n: u32| if n == 0 { String::new() } else { n.to_string() };
    let (c_date, c_members, c_for, c_against, c_abstain, c_opinion) = (
        RwSignal::new(c.meeting_date),
        RwSignal::new(num(c.members)),
        RwSignal::new(num(c.votes_for)),
        RwSignal::new(num(c.votes_against)),
        RwSignal::new(num(c.votes_abstain)),
        RwSignal::new(c.opinion),
    );
    let com = ServerAction::<SaveCommittee>::new();
    Effect::new(move |_| done(com.value().get(), "单位审议小组审议推荐意见"));

    let bind = |s: RwSignal<String>| (Signal::derive(move || s.get()), Callback::new(move |v| s.set(v)));
    let (rec_v, rec_w) = bind(rec_text);
    let (ps_v, ps_w) = bind(pub_start);
    let (pe_v, pe_w) = bind(pub_end);
    let (px_v, px_w) = bind(pub_expl);
    let (cd_v, cd_w) = bind(c_date);
    let (cm_v, cm_w) = bind(c_members);
    let (cf_v, cf_w) = bind(c_for);
    let (ca_v, ca_w) = bind(c_against);
    let (cb_v, cb_w) = bind(c_abstain);
    let (co_v, co_w) = bind(c_opinion);
    // The badges follow the saved state; the fields keep what was typed.
    let filled = move |part: fn(&crate::declarations::UnitOpinions) -> bool| {
        move || {
            if current.with(|d| d.as_ref().is_some_and(|d| part(&d.opinions))) {
                view! { <span class="badge badge-green">"已填写"</span> }.into_any()
            } else {
                view! { <span class="badge badge-amber">"未填写"</span> }.into_any()
            }
        }
    };
    let junior = detail.level.is_junior();
    let parse = |s: RwSignal<String>| s.get_untracked().trim().parse::<u32>().unwrap_or(0);

    view! {
        <section class="card">
            <h2>"单位意见"</h2>
            <Banner message=Signal::derive(move || errors.general(&[]))/>
            <div class="opinion">
                <h3>"基层单位考核推荐意见 " {filled(|o| o.recommendation.is_some())}</h3>
                <BoundTextArea label="推荐意见" name="recommendation" value=rec_v on_input=rec_w errors=errors required=true
                    placeholder="请根据申报人思想政治表现、专业技术水平和工作业绩填写考核推荐意见"/>
                <button type="button" class="btn" on:click=move |_| { errors.set(None); rec.dispatch(SaveRecommendation { id, version: version.get_untracked(), opinion: Recommendation { text: rec_text.get_untracked() } }); }>"保存基层单位考核推荐意见"</button>
            </div>
            <div class="opinion">
                <h3>"任职期满聘任职称考核结果 " {filled(|o| o.appraisal.is_some())}</h3>
                <p class="field-hint">"请按年度逐行填写申报人任现职以来的年度考核结果（优秀、合格、基本合格、不合格），再选择任职期满考核结果。所填内容将载入《任现职以来年度及任职期满考核结果》表。"</p>
                <RowsEditor title="《任现职以来年度及任职期满考核结果》" name="appraisal" rows=appraisal_rows errors=errors required=true columns=vec![
                    Column { label: "年度", cell: Cell::Year, get: |r: &YearResult| r.year.clone(), set: |r, v| r.year = v },
                    Column { label: "考核结果", cell: Cell::Select(&RESULTS), get: |r: &YearResult| r.result.clone(), set: |r, v| r.result = v },
                ]/>
                <div class="field required" class:has-error=move || errors.field("term_result").is_some()>
                    <label for="f-term_result">"任职期满考核结果"</label>
                    <div class="field-body">
                        <select id="f-term_result" on:change=move |ev| { term_result.set(event_target_value(&ev)); errors.clear("term_result"); }>
                            <option value="" selected=move || term_result.get().is_empty()>"请选择"</option>
                            {RESULTS.iter().map(|r| view! { <option value=*r selected=move || term_result.get() == *r>{*r}</option> }).collect_view()}
                        </select>
                        {move || errors.field("term_result").map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                    </div>
                </div>
                <button type="button" class="btn" on:click=move |_| { errors.set(None); apr.dispatch(SaveAppraisal { id, version: version.get_untracked(), opinion: Appraisal { rows: appraisal_rows.get_untracked(), term_result: term_result.get_untracked() } }); }>"保存考核结果"</button>
            </div>
            <div class="opinion">
                <h3>"公示情况 " {filled(|o| o.publicity.is_some())}</h3>
                <p class="field-hint">"请填写本单位对申报人申报材料进行公示的起止日期和公示结果；有异议的，请说明异议内容及处理结果。"</p>
                <BoundField label="公示开始日期" name="publicity_period" value=ps_v on_input=ps_w errors=errors required=true input_type="date"/>
                <BoundField label="公示结束日期" name="publicity_end" value=pe_v on_input=pe_w errors=errors required=true input_type="date"/>
                <div class="field required" class:has-error=move || errors.field("publicity_result").is_some()>
                    <label for="f-publicity_result">"公示结果"</label>
                    <div class="field-body">
                        <select id="f-publicity_result" on:change=move |ev| { pub_result.set(event_target_value(&ev)); errors.clear("publicity_result"); }>
                            <option value="" selected=move || pub_result.get().is_empty()>"请选择"</option>
                            {["无异议", "有异议"].into_iter().map(|r| view! { <option value=r selected=move || pub_result.get() == r>{r}</option> }).collect_view()}
                        </select>
                        {move || errors.field("publicity_result").map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                    </div>
                </div>
                <BoundTextArea label="异议情况说明" name="publicity_explanation" value=px_v on_input=px_w errors=errors maxlength=1000
                    placeholder="有异议时请说明异议内容及处理结果"/>
                <button type="button" class="btn" on:click=move |_| { errors.set(None); publ.dispatch(SavePublicity { id, version: version.get_untracked(), opinion: Publicity {
                    start: pub_start.get_untracked(), end: pub_end.get_untracked(), result: pub_result.get_untracked(), explanation: pub_expl.get_untracked() } }); }>"保存公示情况"</button>
            </div>
            {(!junior).then(|| view! {
                <div class="opinion">
                    <h3>"单位审议小组审议推荐意见 " {filled(|o| o.committee.is_some())}</h3>
                    <p class="field-hint">"请填写单位审议小组审议的会议日期、出席人数和表决结果（赞成、反对、弃权票数），并写明审议推荐意见。"</p>
                    <BoundField label="会议日期" name="committee_date" value=cd_v on_input=cd_w errors=errors required=true input_type="date"/>
                    <BoundField label="出席人数" name="committee_members" value=cm_v on_input=cm_w errors=errors required=true input_type="number"/>
                    <BoundField label="赞成票" name="committee_votes" value=cf_v on_input=cf_w errors=errors input_type="number"/>
                    <BoundField label="反对票" name="committee_against" value=ca_v on_input=ca_w errors=errors input_type="number"/>
                    <BoundField label="弃权票" name="committee_abstain" value=cb_v on_input=cb_w errors=errors input_type="number"/>
                    <BoundTextArea label="审议推荐意见" name="committee_opinion" value=co_v on_input=co_w errors=errors required=true
                        placeholder="如：经单位审议小组审议，同意推荐该同志申报相应专业技术资格"/>
                    <button type="button" class="btn" on:click=move |_| { errors.set(None); com.dispatch(SaveCommittee { id, version: version.get_untracked(), opinion: Committee {
                        meeting_date: c_date.get_untracked(), members: parse(c_members), votes_for: parse(c_for),
                        votes_against: parse(c_against), votes_abstain: parse(c_abstain), opinion: c_opinion.get_untracked() } }); }>"保存审议推荐意见"</button>
                </div>
            })}
            {junior.then(|| view! { <p class="muted">"申报初级职称不需要填写单位审议小组审议推荐意见。"</p> })}
        </section>
    }
}

/// 审核报送 → 报送人事主管部门: 单位负责人 and the target by full name.
#[component]
fn ForwardPanel(
    detail: DeclarationDetail,
    version: Signal<i32>,
    on_done: Callback<DeclarationDetail>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let id = detail.id;
    let targets = RwSignal::new(Vec::<crate::declarations::TargetOption>::new());
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            if let Ok(list) = forward_targets(id).await {
                targets.set(list);
            }
        });
    });
    let leader = RwSignal::new(detail.unit_leader.clone());
    let target = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let action = ServerAction::<ForwardDeclaration>::new();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(d)) => {
            notice.set(Some(format!("已审核报送至：{}", d.target_org)));
            on_done.run(d);
        }
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });
    let (lv, lw) = (Signal::derive(move || leader.get()), Callback::new(move |v| leader.set(v)));
    view! {
        <section class="card">
            <h2>"审核报送"</h2>
            <p class="muted">"报送人事主管部门：当对申报人个人信息审核无异议且填写了单位意见后，即可把申报材料报送至职改办。"</p>
            <form method="post" class="form" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                errors.set(None);
                action.dispatch(ForwardDeclaration { input: ForwardInput { id, version: version.get_untracked(), unit_leader: leader.get_untracked(), target: target.get_untracked() } });
            }>
                <Banner message=Signal::derive(move || errors.general(&["unit_leader", "target"]))/>
                <BoundField label="单位负责人" name="unit_leader" value=lv on_input=lw errors=errors required=true maxlength=30 hint="用人单位负责人姓名"/>
                <div class="field required" class:has-error=move || errors.field("target").is_some()>
                    <label for="f-target">"报送人事主管部门"</label>
                    <div class="field-body">
                        // Loaded after hydration into a signal, and the whole <select> drawn
                        // from it: a <Suspense> among the <option>s made the page fail to
                        // hydrate on a full load.
                        {move || {
                            let list = targets.get();
                            view! {
                                <select id="f-target" on:change=move |ev| { target.set(event_target_value(&ev)); errors.clear("target"); }>
                                    <option value="">{if list.is_empty() { "加载中…" } else { "请选择需报送的主管部门或职改办全称" }}</option>
                                    {list.into_iter().map(|t| {
                                        let code = t.code.clone();
                                        view! { <option value=t.code selected=move || target.get() == code>{t.name}</option> }
                                    }).collect_view()}
                                </select>
                            }
                        }}
                        {move || errors.field("target").map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                    </div>
                </div>
                <div class="form-actions"><SubmitButton label="审核报送" pending=action.pending()/></div>
            </form>
        </section>
    }
}

/// 退回给个人: 退回修改 or 审核不通过, each with a reason.
#[component]
fn ReturnPanel(
    detail: DeclarationDetail,
    version: Signal<i32>,
    on_done: Callback<DeclarationDetail>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let id = detail.id;
    let reject = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let ask = RwSignal::new(None::<PendingConfirm>);
    let action = ServerAction::<ReturnDeclaration>::new();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(d)) => {
            notice.set(Some(format!("已{}", if d.status == Status::Rejected { "审核不通过" } else { "退回修改" })));
            on_done.run(d);
        }
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });
    let (rv, rw) = (Signal::derive(move || reason.get()), Callback::new(move |v| reason.set(v)));
    view! {
        <section class="card">
            <h2>"退回给个人"</h2>
            <ul class="explain">
                <li>"“退回修改”：个人申报材料需要修改，退回后可二次提交申请。"</li>
                <li>"“审核不通过”：指申报材料不符合评审条件，审核不通过后申报人员不能再次编辑信息。个人申报材料需重新编辑信息，请选择“退回修改”。"</li>
            </ul>
            <form method="post" class="form" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                errors.set(None);
                let rej = reject.get_untracked();
                let go = Callback::new(move |_| { action.dispatch(ReturnDeclaration { input: ReturnInput { id, version: version.get_untracked(), reject: rej, reason: reason.get_untracked() } }); });
                if rej {
                    ask.set(Some(PendingConfirm { message: "审核不通过后申报人不能再编辑和报送该申报，确定审核不通过吗？".into(), confirm_label: "审核不通过", on_confirm: go }));
                } else {
                    go.run(());
                }
            }>
                <div class="radio-row" role="radiogroup" aria-label="退回方式">
                    <label class="check"><input type="radio" name="return_kind" prop:checked=move || !reject.get() on:change=move |_| reject.set(false)/>"退回修改"</label>
                    <label class="check"><input type="radio" name="return_kind" prop:checked=move || reject.get() on:change=move |_| reject.set(true)/>"审核不通过"</label>
                </div>
                <Banner message=Signal::derive(move || errors.general(&["reason"]))/>
                <BoundTextArea label="原因" name="reason" value=rv on_input=rw errors=errors required=true maxlength=500 placeholder="请写明需要修改的内容或不通过的原因"/>
                <div class="form-actions"><SubmitButton label="确定" class="btn btn-danger" pending=action.pending()/></div>
            </form>
            <ConfirmDialog state=ask/>
        </section>
    }
}

// ------------------------------------------------------------ 操作记录

#[component]
pub fn StaffLog() -> impl IntoView {
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
            q.push(format!("keyword={}", js_encode(f.keyword.trim())));
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
            <Transition fallback=|| view! { <p class="loading">"加载中…"</p> }>
                {move || list.get().map(|r| match r {
                    Ok(p) if p.rows.is_empty() => view! { <p class="empty">"暂无操作记录"</p> }.into_any(),
                    Ok(p) => {
                        let (total, per_page) = (p.total, p.per_page);
                        view! {
                            <div class="table-wrap"><table class="table" data-testid="operation-log">
                                <thead><tr><th class="expander-col"><span class="sr-only">"详情"</span></th><th>"申报年度"</th><th>"创建时间"</th><th>"操作人"</th><th>"申报人"</th><th>"身份证"</th><th>"状态"</th></tr></thead>
                                {p.rows.into_iter().map(|r| view! { <OperationLogRow row=r/> }).collect_view()}
                            </table></div>
                            <Pager page=page total=total per_page=per_page/>
                        }.into_any()
                    }
                    Err(e) => view! { <div class="banner banner-error" role="alert">{e.to_string()}</div> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// One 操作记录 row; its ">" opens the step's detail (the manual's rows
/// expand the same way). A `<tbody>` per row keeps the pair together.
#[component]
fn OperationLogRow(row: crate::declarations::OperationRow) -> impl IntoView {
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

/// Percent-encodes a query value (UTF-8) for a link.
fn js_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

// ------------------------------------------------------- 主管部门 / 职改办

fn officer_page(body: impl Fn() -> AnyView + Send + Sync + 'static) -> impl IntoView {
    let body = std::sync::Arc::new(body);
    view! {
        <RequireRole roles=&[Role::Office, Role::Department, Role::Admin] children=move |_u: CurrentUser| {
            let body = body.clone();
            view! { <section class="area-content">{body()}</section> }.into_any()
        }/>
    }
}

#[component]
pub fn OrgQueuePage() -> impl IntoView {
    officer_page(|| {
        let page = RwSignal::new(1u64);
        let list = Resource::new(move || page.get(), org_queue);
        view! {
            <section class="card">
                <div class="card-head"><h2>"待审核申报"</h2><a href="/manage">"返回首页"</a></div>
                <Transition fallback=|| view! { <p class="loading">"加载中…"</p> }>
                    {move || list.get().map(|r| match r {
                        Ok(p) => {
                            let (total, per_page) = (p.total, p.per_page);
                            // The queue holds only what waits for this office.
                            view! { {declarations_table(p, |id| format!("/manage/declarations/{id}"), |s| matches!(s, Status::DepartmentReview | Status::OfficeReview))} <Pager page=page total=total per_page=per_page/> }.into_any()
                        }
                        Err(e) => view! { <div class="banner banner-error" role="alert">{e.to_string()}</div> }.into_any(),
                    })}
                </Transition>
            </section>
        }
        .into_any()
    })
}

#[component]
pub fn OrgDecidePage() -> impl IntoView {
    officer_page(|| view! { <OrgDecide/> }.into_any())
}

#[component]
fn OrgDecide() -> impl IntoView {
    let detail = crate::components::declaration_view::route_declaration();
    let reason = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let notice = RwSignal::new(None::<String>);
    let decide = ServerAction::<DecideDeclaration>::new();
    Effect::new(move |_| match decide.value().get() {
        Some(Ok(d)) => {
            notice.set(Some(format!("操作成功，当前状态：{}", d.status.label())));
            detail.refetch();
        }
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });
    let (rv, rw) = (Signal::derive(move || reason.get()), Callback::new(move |v| reason.set(v)));
    view! {
        <Suspense fallback=|| view! { <p class="loading">"加载中…"</p> }>
            {move || detail.get().map(|d| match d {
                Ok(d) => {
                    let (did, version) = (d.id, d.version);
                    let actions: Vec<(Action, &'static str)> = match d.status {
                        Status::DepartmentReview => vec![(Action::DepartmentApprove, "审核通过"), (Action::DepartmentReturn, "退回单位")],
                        Status::OfficeReview => vec![(Action::OfficeApprove, "审核通过"), (Action::OfficeReturn, "退回单位"), (Action::OfficeReject, "审核不通过")],
                        _ => vec![],
                    };
                    view! {
                        <section class="card">
                            <div class="card-head"><h2>"申报审核"</h2><a href="/manage/declarations">"返回列表"</a></div>
                            <DeclarationSummary detail=d.clone()/>
                            <p>"报送单位负责人：" {d.unit_leader.clone()} "　报送至：" {d.target_org.clone()}</p>
                            <Banner kind="success" message=notice/>
                        </section>
                        <DeclarationView detail=d.clone()/>
                        <OpinionsView opinions=d.opinions.clone() junior=d.level.is_junior()/>
                        {(!actions.is_empty()).then(|| view! {
                            <section class="card">
                                <h2>"审核意见"</h2>
                                <Banner message=Signal::derive(move || errors.general(&["reason"]))/>
                                <BoundTextArea label="原因（退回或不通过时必填）" name="reason" value=rv on_input=rw errors=errors maxlength=500/>
                                <div class="form-actions">
                                    {actions.into_iter().map(|(a, label)| view! {
                                        <button type="button" class="btn" class:btn-primary=a.log_text().ends_with("审核通过") on:click=move |_| {
                                            errors.set(None);
                                            decide.dispatch(DecideDeclaration { input: DecideInput { id: did, version, action: a, reason: reason.get_untracked() } });
                                        }>{label}</button>
                                    }).collect_view()}
                                </div>
                            </section>
                        })}
                        <Timeline entries=d.timeline.clone()/>
                    }.into_any()
                }
                Err(e) => view! { <div class="banner banner-error" role="alert">{e.to_string()}</div> }.into_any(),
            })}
        </Suspense>
    }
}
