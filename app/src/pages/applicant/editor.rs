//! The declaration editor: every section of the business, 附件, the
//! 个人承诺书, 保存草稿 and 报送单位.

use crate::certificates::api::losable_certificates;
use crate::components::server_call;
use crate::components::{
    Banner, BoundField, BoundTextArea, Cell, Column, ConfirmDialog, DeclarationSummary, FilePreview, FormErrors,
    PendingConfirm, RowsEditor, Timeline,
};
use crate::declarations::api::{SaveDeclaration, SubmitDeclaration};
use crate::declarations::form::{
    EducationRow, ExperienceRow, OriginalTitle, TrainingRow, WorkRow, YearResult, RESULTS,
};
use crate::declarations::rules::EDUCATIONS;
use crate::declarations::{
    Business, DeclarationDetail, DeclarationForm, SaveDeclarationInput, ATTACHMENT_HINT, MAX_ATTACHMENTS,
};
use crate::uploads::{FileRef, PURPOSE_ATTACHMENT};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

pub const COMMITMENT: &str = "本人承诺：所填写的个人信息和提交的申报材料真实、准确、完整，无弄虚作假；如有不实，本人愿承担由此产生的一切责任，并接受相应处理。";

#[component]
pub fn DeclarationEditor(detail: DeclarationDetail) -> impl IntoView {
    let id = detail.id;
    let business = detail.business;
    let version = RwSignal::new(detail.version);
    let f = detail.form.clone();
    let work_start = RwSignal::new(f.work_start.clone());
    let current_post = RwSignal::new(f.current_post.clone());
    let education = RwSignal::new(f.education.clone());
    let experience = RwSignal::new(f.experience.clone());
    let training = RwSignal::new(f.training.clone());
    let achievements = RwSignal::new(f.achievements.clone());
    let papers = RwSignal::new(f.papers.clone());
    let appraisals = RwSignal::new(f.appraisals.clone());
    let original = RwSignal::new(f.original.clone());
    let reason = RwSignal::new(f.reason.clone());
    let loss_statement = RwSignal::new(f.loss_statement.clone());
    let commitment = RwSignal::new(detail.commitment);
    let attachments = RwSignal::new(detail.attachments.clone());
    let warnings = RwSignal::new(detail.warnings.clone());
    let errors = FormErrors::new();
    let notice = RwSignal::new(None::<String>);
    let ask = RwSignal::new(None::<PendingConfirm>);
    let submitted = RwSignal::new(None::<DeclarationDetail>);

    let input = move || SaveDeclarationInput {
        id,
        version: version.get_untracked(),
        form: DeclarationForm {
            work_start: work_start.get_untracked(),
            current_post: current_post.get_untracked(),
            education: education.get_untracked(),
            experience: experience.get_untracked(),
            training: training.get_untracked(),
            achievements: achievements.get_untracked(),
            papers: papers.get_untracked(),
            appraisals: appraisals.get_untracked(),
            original: original.get_untracked(),
            reason: reason.get_untracked(),
            loss_statement: loss_statement.get_untracked(),
        },
        commitment: commitment.get_untracked(),
        attachments: attachments.get_untracked().into_iter().map(|a| a.id).collect(),
    };

    let save = server_call::<SaveDeclaration>();
    let submit = server_call::<SubmitDeclaration>();
    // Set by 报送单位: once saved, go on to submit (after the warnings).
    let then_submit = RwSignal::new(false);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(d)) => {
            version.set(d.version);
            warnings.set(d.warnings.clone());
            if then_submit.get_untracked() {
                then_submit.set(false);
                let go = Callback::new(move |_| {
                    submit.dispatch(SubmitDeclaration { id, version: version.get_untracked() });
                });
                if d.warnings.is_empty() {
                    go.run(());
                } else {
                    ask.set(Some(PendingConfirm {
                        message: format!("{}。是否仍然报送单位？", d.warnings.join("；")),
                        confirm_label: "仍然报送",
                        on_confirm: go,
                    }));
                }
            } else {
                notice.set(Some("草稿已保存".into()));
            }
        }
        Some(Err(e)) => {
            then_submit.set(false);
            errors.set(Some(e));
        }
        None => {}
    });
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(d)) => submitted.set(Some(d)),
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });

    let on_save = move |_| {
        errors.set(None);
        notice.set(None);
        save.dispatch(SaveDeclaration { input: input() });
    };
    let on_submit = move |_| {
        errors.set(None);
        notice.set(None);
        then_submit.set(true);
        save.dispatch(SaveDeclaration { input: input() });
    };

    let bind = |s: RwSignal<String>| (Signal::derive(move || s.get()), Callback::new(move |v| s.set(v)));
    let (ws_v, ws_w) = bind(work_start);
    let (cp_v, cp_w) = bind(current_post);
    let (reason_v, reason_w) = bind(reason);
    let (loss_v, loss_w) = bind(loss_statement);
    let orig = |get: fn(&OriginalTitle) -> String, set: fn(&mut OriginalTitle, String)| {
        (Signal::derive(move || original.with(get)), Callback::new(move |v| original.update(|o| set(o, v))))
    };
    let (ot_v, ot_w) = orig(|o| o.title.clone(), |o, v| o.title = v);
    let (os_v, os_w) = orig(|o| o.series.clone(), |o, v| o.series = v);
    let (od_v, od_w) = orig(|o| o.date.clone(), |o, v| o.date = v);
    let (oa_v, oa_w) = orig(|o| o.authority.clone(), |o, v| o.authority = v);
    let (on_v, on_w) = orig(|o| o.certificate_number.clone(), |o, v| o.certificate_number = v);
    let chosen = Memo::new(move |_| business == Business::Replacement && original.with(|o| o.certificate.is_some()));

    view! {
        <Show when=move || submitted.with(Option::is_none) fallback=move || view! {
            <section class="card">
                <div class="banner banner-success" role="status">"已报送单位，等待单位审核。"</div>
                {submitted.get().map(|d| view! { <DeclarationSummary detail=d/> })}
                <p><a href="/person/declarations">"返回我的申报"</a></p>
            </section>
            {submitted.get().map(|d| view! { <Timeline entries=d.timeline/> })}
        }>
        <section class="card">
            <div class="card-head"><h2>"填写申报"</h2><a href="/person/declarations">"返回我的申报"</a></div>
            <DeclarationSummary detail=detail.clone()/>
            {(detail.status == crate::declarations::Status::ReturnedToApplicant).then(|| view! {
                <div class="banner banner-info" role="status">
                    "单位已退回修改，请根据下方“办理进度”中的原因修改后重新报送。"
                </div>
            })}
        </section>
        {(!detail.timeline.is_empty()).then(|| view! { <Timeline entries=detail.timeline.clone()/> })}
        <section class="card">
            <form method="post" class="form" novalidate on:submit=|ev: SubmitEvent| ev.prevent_default()>
                {match business {
                    Business::Recognition => view! {
                        <h3>"基本信息"</h3>
                        <dl class="info-grid wide">
                            <dt>"姓名"</dt><dd>{detail.applicant_name.clone()}</dd>
                            <dt>"性别"</dt><dd>{detail.gender.clone()}</dd>
                            <dt>"出生日期"</dt><dd>{detail.birth_date.clone()}</dd>
                            <dt>"联系电话"</dt><dd>{detail.phone.clone()}</dd>
                        </dl>
                        <BoundField label="参加专业技术工作时间" name="work_start" value=ws_v on_input=ws_w errors=errors required=true input_type="month" placeholder="年-月"/>
                        <BoundField label="现从事专业技术工作岗位" name="current_post" value=cp_v on_input=cp_w errors=errors required=true/>
                        <RowsEditor title="学历情况" name="education" rows=education errors=errors required=true columns=vec![
                            Column { label: "起始年月", cell: Cell::Month, get: |r: &EducationRow| r.start.clone(), set: |r, v| r.start = v },
                            Column { label: "结束年月", cell: Cell::Month, get: |r: &EducationRow| r.end.clone(), set: |r, v| r.end = v },
                            Column { label: "学校", cell: Cell::Text, get: |r: &EducationRow| r.school.clone(), set: |r, v| r.school = v },
                            Column { label: "专业", cell: Cell::Text, get: |r: &EducationRow| r.major.clone(), set: |r, v| r.major = v },
                            Column { label: "学历", cell: Cell::Select(&EDUCATIONS), get: |r: &EducationRow| r.education.clone(), set: |r, v| r.education = v },
                        ]/>
                        <RowsEditor title="主要经历" name="experience" rows=experience errors=errors required=true columns=vec![
                            Column { label: "起始年月", cell: Cell::Month, get: |r: &ExperienceRow| r.start.clone(), set: |r, v| r.start = v },
                            Column { label: "结束年月", cell: Cell::Month, get: |r: &ExperienceRow| r.end.clone(), set: |r, v| r.end = v },
                            Column { label: "工作单位", cell: Cell::Text, get: |r: &ExperienceRow| r.employer.clone(), set: |r, v| r.employer = v },
                            Column { label: "职务岗位", cell: Cell::Text, get: |r: &ExperienceRow| r.position.clone(), set: |r, v| r.position = v },
                        ]/>
                        <RowsEditor title="继续教育" name="training" rows=training errors=errors columns=vec![
                            Column { label: "年度", cell: Cell::Year, get: |r: &TrainingRow| r.year.clone(), set: |r, v| r.year = v },
                            Column { label: "内容", cell: Cell::Text, get: |r: &TrainingRow| r.content.clone(), set: |r, v| r.content = v },
                            Column { label: "学时", cell: Cell::Text, get: |r: &TrainingRow| r.hours.clone(), set: |r, v| r.hours = v },
                        ]/>
                        <RowsEditor title="业绩成果" name="achievements" rows=achievements errors=errors columns=vec![
                            Column { label: "年度", cell: Cell::Year, get: |r: &WorkRow| r.year.clone(), set: |r, v| r.year = v },
                            Column { label: "名称", cell: Cell::Text, get: |r: &WorkRow| r.title.clone(), set: |r, v| r.title = v },
                            Column { label: "说明", cell: Cell::Text, get: |r: &WorkRow| r.detail.clone(), set: |r, v| r.detail = v },
                        ]/>
                        <RowsEditor title="论文著作" name="papers" rows=papers errors=errors columns=vec![
                            Column { label: "年度", cell: Cell::Year, get: |r: &WorkRow| r.year.clone(), set: |r, v| r.year = v },
                            Column { label: "名称", cell: Cell::Text, get: |r: &WorkRow| r.title.clone(), set: |r, v| r.title = v },
                            Column { label: "刊物或出版社", cell: Cell::Text, get: |r: &WorkRow| r.detail.clone(), set: |r, v| r.detail = v },
                        ]/>
                        <RowsEditor title="年度考核" name="appraisals" rows=appraisals errors=errors required=true columns=vec![
                            Column { label: "年度", cell: Cell::Year, get: |r: &YearResult| r.year.clone(), set: |r, v| r.year = v },
                            Column { label: "考核结果", cell: Cell::Select(&RESULTS), get: |r: &YearResult| r.result.clone(), set: |r, v| r.result = v },
                        ]/>
                    }.into_any(),
                    Business::Reconfirmation | Business::Replacement => view! {
                        <h3>{if business == Business::Replacement { "遗失证书信息" } else { "原职称信息" }}</h3>
                        {(business == Business::Replacement).then(|| view! { <LostCertificateSelect original=original errors=errors/> })}
                        // A certificate of this system brings its own fields (the server copies
                        // them again on save): they are shown, not typed.
                        {move || {
                            let locked = chosen.get();
                            view! {
                                <BoundField label="原职称名称" name="original.title" value=ot_v on_input=ot_w errors=errors required=true disabled=locked/>
                                <BoundField label="原职称系列" name="original.series" value=os_v on_input=os_w errors=errors required=true disabled=locked/>
                                <BoundField label="取得时间" name="original.date" value=od_v on_input=od_w errors=errors required=true input_type="date" disabled=locked/>
                                <BoundField label="发证机关" name="original.authority" value=oa_v on_input=oa_w errors=errors required=true disabled=locked/>
                                <BoundField label="证书编号" name="original.certificate_number" value=on_v on_input=on_w errors=errors required=true disabled=locked/>
                            }
                        }}
                        {(business == Business::Reconfirmation).then(|| view! {
                            <BoundTextArea label="重新确认原因" name="reason" value=reason_v on_input=reason_w errors=errors required=true
                                placeholder="如：区外调入、转换系列、由非公有制单位调入公有制单位等" maxlength=500/>
                        })}
                        {(business == Business::Replacement).then(|| view! {
                            <BoundTextArea label="遗失声明" name="loss_statement" value=loss_v on_input=loss_w errors=errors required=true
                                placeholder="请填写登报声明的报刊名称、日期和版面，并在附件中上传声明扫描件" maxlength=500/>
                        })}
                    }.into_any(),
                }}
                <AttachmentsField files=attachments errors=errors/>
                <fieldset class="commitment" class:has-error=move || errors.field("commitment").is_some()>
                    <legend>"个人承诺书"</legend>
                    <p>{COMMITMENT}</p>
                    <label class="check">
                        <input type="checkbox" prop:checked=move || commitment.get()
                            on:change=move |ev| { commitment.set(event_target_checked(&ev)); errors.clear("commitment"); }/>
                        "我已阅读并同意《个人承诺书》"
                    </label>
                    {move || errors.field("commitment").map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                </fieldset>
                <Show when=move || !warnings.with(Vec::is_empty)>
                    <div class="banner banner-info" role="status" data-testid="warnings">
                        "申报条件提示：" {move || warnings.get().join("；")} "（仅为提示，由审核部门最终认定）"
                    </div>
                </Show>
                // A summary beside the buttons: on a long form the fields may be out of sight.
                <Banner message=Signal::derive(move || errors.general(&[]))/>
                <Banner kind="success" message=notice/>
                <div class="form-actions">
                    <button type="button" class="btn" on:click=on_save disabled=move || save.pending().get() || submit.pending().get()>"保存草稿"</button>
                    <button type="button" class="btn btn-primary" on:click=on_submit disabled=move || save.pending().get() || submit.pending().get()>
                        {move || if submit.pending().get() { "报送中…" } else { "报送单位" }}
                    </button>
                </div>
                <p class="muted">"报送前可随时保存草稿。报送后单位审核期间不能修改；被退回修改后可再次编辑并报送。"</p>
            </form>
        </section>
        <ConfirmDialog state=ask/>
        </Show>
    }
}

/// 证书遗失补办: the lost certificate, one of the applicant's own (its
/// fields filled in from it) or one issued elsewhere (typed by hand).
#[component]
fn LostCertificateSelect(original: RwSignal<OriginalTitle>, errors: FormErrors) -> impl IntoView {
    let own = Resource::new(|| (), |_| losable_certificates());
    let name = "original.certificate";
    let err = move || errors.field(name);
    view! {
        <div class="field" class:has-error=move || err().is_some()>
            <label for="f-original.certificate">"遗失的证书"</label>
            <div class="field-body">
                <Transition fallback=|| view! { <p class="loading">"加载中…"</p> }>
                    {move || own.get().map(|r| {
                        let (list, failed) = match r {
                            Ok(list) => (list, None),
                            Err(e) => (Vec::new(), Some(e.to_string())),
                        };
                        let chosen = original.with_untracked(|o| o.certificate);
                        // Saved before that certificate was voided: it stays shown as chosen.
                        let gone = chosen.filter(|id| !list.iter().any(|c| c.id == *id)).map(|id| {
                            let label = original.with_untracked(|o| format!("{} {}（已不可选）", o.certificate_number, o.title));
                            view! { <option value=id.to_string() selected=true>{label}</option> }
                        });
                        let picked = StoredValue::new(list.clone());
                        view! {
                            <select id="f-original.certificate" name=name aria-label="遗失的证书"
                                aria-invalid=move || err().is_some().to_string()
                                on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    let c = v.parse::<uuid::Uuid>().ok()
                                        .and_then(|id| picked.with_value(|l| l.iter().find(|c| c.id == id).cloned()));
                                    original.update(|o| match c {
                                        Some(c) => {
                                            o.certificate = Some(c.id);
                                            o.title = c.qualification;
                                            o.series = c.series;
                                            o.date = c.qualified_on;
                                            o.authority = c.office_name;
                                            o.certificate_number = c.number;
                                        }
                                        None => o.certificate = None,
                                    });
                                    errors.clear(name);
                                }>
                                <option value="" selected=chosen.is_none()>"本系统以外颁发的证书（手工填写）"</option>
                                {list.into_iter().map(|c| {
                                    let selected = chosen == Some(c.id);
                                    view! {
                                        <option value=c.id.to_string() selected=selected>
                                            {format!("{} {}（{}）", c.number, c.qualification, c.office_name)}
                                        </option>
                                    }
                                }).collect_view()}
                                {gone}
                            </select>
                            {failed.map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                        }
                    })}
                </Transition>
                <p class="field-hint">"遗失的是本系统颁发的证书时请从列表中选择，证书信息将自动填写；其他证书请选择“本系统以外颁发的证书”并手工填写。"</p>
                {move || err().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </div>
        </div>
    }
}

/// 附件: several scans, each uploaded at once and removable.
#[component]
fn AttachmentsField(files: RwSignal<Vec<FileRef>>, errors: FormErrors) -> impl IntoView {
    let incoming = RwSignal::new(None::<FileRef>);
    Effect::new(move |_| {
        if let Some(f) = incoming.get() {
            files.update(|v| v.push(f));
            incoming.set(None);
            errors.clear("attachments");
        }
    });
    view! {
        <fieldset class="rows-editor" class:has-error=move || errors.field("attachments").is_some() id="f-attachments">
            <legend>"附件"</legend>
            <ul class="attachments">
                <For each=move || files.get() key=|f| f.id let:f>
                    {
                        let id = f.id;
                        view! {
                            <li>
                                <FilePreview file=f/>
                                <button type="button" class="link danger" on:click=move |_| files.update(|v| v.retain(|x| x.id != id))>"移除"</button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <Show when=move || { files.with(Vec::len) < MAX_ATTACHMENTS }>
                <crate::components::FileUpload label="上传附件" name="attachment_file" purpose=PURPOSE_ATTACHMENT value=incoming errors=errors hint=ATTACHMENT_HINT/>
            </Show>
            {move || errors.field("attachments").map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
        </fieldset>
    }
}
