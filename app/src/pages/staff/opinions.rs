//! The unit's four opinions on a declaration, each saved on its own.

use crate::components::server_call;
use crate::components::{Banner, BoundField, BoundTextArea, Cell, Column, FormErrors, RowsEditor};
use crate::declarations::api::{SaveAppraisal, SaveCommittee, SavePublicity, SaveRecommendation};
use crate::declarations::form::{Appraisal, Committee, Publicity, Recommendation, YearResult, RESULTS};
use crate::declarations::DeclarationDetail;
use crate::error::AppError;
use leptos::prelude::*;

/// The four opinions; 单位审议小组审议推荐意见 only above 初级.
#[component]
pub fn OpinionForms(
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
    let rec = server_call::<SaveRecommendation>();
    Effect::new(move |_| done(rec.value().get(), "基层单位考核推荐意见"));

    let appraisal_rows = RwSignal::new(o.appraisal.clone().map(|a| a.rows).unwrap_or_default());
    let term_result = RwSignal::new(o.appraisal.clone().map(|a| a.term_result).unwrap_or_default());
    let apr = server_call::<SaveAppraisal>();
    Effect::new(move |_| done(apr.value().get(), "任职期满聘任职称考核结果"));

    let p = o.publicity.clone().unwrap_or_default();
    let (pub_start, pub_end, pub_result, pub_expl) =
        (RwSignal::new(p.start), RwSignal::new(p.end), RwSignal::new(p.result), RwSignal::new(p.explanation));
    let publ = server_call::<SavePublicity>();
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
    let com = server_call::<SaveCommittee>();
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
