//! A declaration shown read-only (个人填写部分, 附件, the unit's opinions,
//! the timeline), for the applicant once sent, the unit and the offices.

use super::upload::FilePreview;
use crate::declarations::form::{EducationRow, ExperienceRow, TrainingRow, WorkRow, YearResult};
use crate::declarations::{Business, DeclarationDetail, Status, TimelineEntry, UnitOpinions};
use leptos::prelude::*;

/// The declaration named by the route's `:id`, loaded for whoever may see it.
pub fn route_declaration() -> Resource<Result<DeclarationDetail, crate::error::AppError>> {
    let params = leptos_router::hooks::use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<uuid::Uuid>().ok());
    Resource::new(id, |id| async move {
        match id {
            Some(id) => crate::declarations::api::load_declaration(id).await,
            None => Err(crate::error::AppError::not_found("申报不存在")),
        }
    })
}

/// The status as a coloured badge.
///
/// ```ignore
/// view! { <StatusBadge status=Status::UnitReview/> }
/// ```
#[component]
pub fn StatusBadge(status: Status) -> impl IntoView {
    let tone = match status {
        Status::Draft => "grey",
        Status::UnitReview | Status::DepartmentReview | Status::OfficeReview => "blue",
        Status::ReturnedToApplicant | Status::ReturnedToUnit => "amber",
        Status::Rejected => "red",
        Status::Approved => "green",
    };
    view! { <span class=format!("badge badge-{tone}") data-testid="status-badge">{status.label()}</span> }
}

fn table<T>(headers: &[&'static str], rows: &[T], cells: impl Fn(&T) -> Vec<String>) -> AnyView {
    if rows.is_empty() {
        return view! { <p class="muted">"未填写"</p> }.into_any();
    }
    let headers: Vec<_> = headers.to_vec();
    let body: Vec<Vec<String>> = rows.iter().map(cells).collect();
    view! {
        <div class="table-wrap"><table class="table compact">
            <thead><tr>{headers.into_iter().map(|h| view! { <th>{h}</th> }).collect_view()}</tr></thead>
            <tbody>{body.into_iter().map(|r| view! { <tr>{r.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr> }).collect_view()}</tbody>
        </table></div>
    }
    .into_any()
}

/// The header facts of a declaration.
#[component]
pub fn DeclarationSummary(
    detail: DeclarationDetail,
    /// A reviewer's page: offers the whole 证件号码 and phone (audited).
    #[prop(optional)]
    reveal: bool,
) -> impl IntoView {
    let id = detail.id;
    view! {
        <dl class="info-grid wide">
            <dt>"业务类型"</dt><dd>{detail.business.label()}</dd>
            <dt>"申报年度"</dt><dd>{detail.batch_name.clone()} <span class="muted">" 截止：" {detail.batch_closes_at.clone()}</span></dd>
            <dt>"申报单位"</dt><dd>{detail.unit_name.clone()}</dd>
            <dt>"系列/专业"</dt><dd>{format!("{}/{}", detail.series, detail.specialty)}</dd>
            <dt>"申报级别"</dt><dd>{detail.level.label()}</dd>
            <dt>"申报人"</dt><dd>{detail.applicant_name.clone()} " " <span class="muted">{detail.id_number_masked.clone()}</span>
                {reveal.then(|| view! { " " <super::IdentityReveal id=id/> })}</dd>
            <dt>"状态"</dt><dd><StatusBadge status=detail.status/></dd>
        </dl>
    }
}

/// 个人填写部分, read-only.
#[component]
pub fn DeclarationView(detail: DeclarationDetail) -> impl IntoView {
    let f = detail.form.clone();
    let sections = match detail.business {
        Business::Recognition => view! {
            <h3>"基本信息"</h3>
            <dl class="info-grid wide">
                <dt>"性别"</dt><dd>{detail.gender.clone()}</dd>
                <dt>"出生日期"</dt><dd>{detail.birth_date.clone()}</dd>
                <dt>"联系电话"</dt><dd>{detail.phone.clone()}</dd>
                <dt>"参加专业技术工作时间"</dt><dd>{f.work_start.clone()}</dd>
                <dt>"现从事专业技术工作岗位"</dt><dd>{f.current_post.clone()}</dd>
            </dl>
            <h3>"学历情况"</h3>
            {table(&["起始年月", "结束年月", "学校", "专业", "学历"], &f.education, |r: &EducationRow| vec![r.start.clone(), r.end.clone(), r.school.clone(), r.major.clone(), r.education.clone()])}
            <h3>"主要经历"</h3>
            {table(&["起始年月", "结束年月", "工作单位", "职务岗位"], &f.experience, |r: &ExperienceRow| vec![r.start.clone(), r.end.clone(), r.employer.clone(), r.position.clone()])}
            <h3>"继续教育"</h3>
            {table(&["年度", "内容", "学时"], &f.training, |r: &TrainingRow| vec![r.year.clone(), r.content.clone(), r.hours.clone()])}
            <h3>"业绩成果"</h3>
            {table(&["年度", "名称", "说明"], &f.achievements, |r: &WorkRow| vec![r.year.clone(), r.title.clone(), r.detail.clone()])}
            <h3>"论文著作"</h3>
            {table(&["年度", "名称", "刊物或出版社"], &f.papers, |r: &WorkRow| vec![r.year.clone(), r.title.clone(), r.detail.clone()])}
            <h3>"年度考核"</h3>
            {table(&["年度", "考核结果"], &f.appraisals, |r: &YearResult| vec![r.year.clone(), r.result.clone()])}
        }.into_any(),
        Business::Reconfirmation | Business::Replacement => view! {
            <h3>{if detail.business == Business::Replacement { "遗失证书信息" } else { "原职称信息" }}</h3>
            <dl class="info-grid wide">
                <dt>"原职称名称"</dt><dd>{f.original.title.clone()}</dd>
                <dt>"原职称系列"</dt><dd>{f.original.series.clone()}</dd>
                <dt>"取得时间"</dt><dd>{f.original.date.clone()}</dd>
                <dt>"发证机关"</dt><dd>{f.original.authority.clone()}</dd>
                <dt>"证书编号"</dt><dd>{f.original.certificate_number.clone()}</dd>
                {(detail.business == Business::Reconfirmation).then(|| view! { <dt>"重新确认原因"</dt><dd>{f.reason.clone()}</dd> })}
                {(detail.business == Business::Replacement).then(|| view! { <dt>"遗失声明"</dt><dd>{f.loss_statement.clone()}</dd> })}
            </dl>
        }.into_any(),
    };
    view! {
        <section class="card">
            <h2>"个人填写部分"</h2>
            {sections}
            <h3>"附件"</h3>
            {if detail.attachments.is_empty() {
                view! { <p class="muted">"无附件"</p> }.into_any()
            } else {
                view! { <ul class="attachments">{detail.attachments.iter().cloned().map(|a| view! { <li><FilePreview file=a/></li> }).collect_view()}</ul> }.into_any()
            }}
            <p>"个人承诺书：" {if detail.commitment { "已同意" } else { "未同意" }}</p>
        </section>
    }
}

/// The unit's opinions, read-only.
#[component]
pub fn OpinionsView(opinions: UnitOpinions, junior: bool) -> impl IntoView {
    view! {
        <section class="card">
            <h2>"单位意见"</h2>
            <h3>"基层单位考核推荐意见"</h3>
            <p>{opinions.recommendation.map(|r| r.text).unwrap_or_else(|| "未填写".into())}</p>
            <h3>"任职期满聘任职称考核结果"</h3>
            {match opinions.appraisal {
                Some(a) => view! {
                    {table(&["年度", "考核结果"], &a.rows, |r: &YearResult| vec![r.year.clone(), r.result.clone()])}
                    <p>"任职期满考核结果：" {a.term_result}</p>
                }.into_any(),
                None => view! { <p class="muted">"未填写"</p> }.into_any(),
            }}
            <h3>"公示情况"</h3>
            <p>{opinions.publicity.map(|p| format!("{} 至 {}，{}{}", p.start, p.end, p.result, if p.explanation.is_empty() { String::new() } else { format!("：{}", p.explanation) })).unwrap_or_else(|| "未填写".into())}</p>
            {(!junior).then(|| view! {
                <h3>"单位审议小组审议推荐意见"</h3>
                <p>{opinions.committee.clone().map(|c| format!("{} 审议，出席{}人，赞成{}票、反对{}票、弃权{}票。{}", c.meeting_date, c.members, c.votes_for, c.votes_against, c.votes_abstain, c.opinion)).unwrap_or_else(|| "未填写".into())}</p>
            })}
        </section>
    }
}

/// 办理进度: every step with its operator and reason.
#[component]
pub fn Timeline(entries: Vec<TimelineEntry>) -> impl IntoView {
    view! {
        <section class="card">
            <h2>"办理进度"</h2>
            {if entries.is_empty() {
                view! { <p class="muted">"尚未报送"</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline" data-testid="timeline">
                        {entries.into_iter().map(|e| view! {
                            <li>
                                <span class="timeline-at">{e.at}</span>
                                <strong>{e.action}</strong>
                                <span class="muted">" 操作人：" {e.operator} {(!e.operator_org.is_empty()).then(|| format!("（{}）", e.operator_org))}</span>
                                {(!e.target.is_empty()).then(|| view! { <p class="timeline-target">"报送至：" {e.target.clone()}</p> })}
                                {(!e.reason.is_empty()).then(|| view! { <p class="timeline-reason">"原因：" {e.reason.clone()}</p> })}
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}
