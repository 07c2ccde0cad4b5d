//! 申报审核 (`/manage/declarations/:id`): the declaration as the unit saw
//! it, the unit's opinions, its 单位负责人, attachments and timeline, and
//! the office's decision (审核通过 with 批准文号 and 取得资格时间 for a 职改办).

use super::frame::ManageArea;
use crate::components::server_call;
use crate::components::{
    Auth, Banner, BoundTextArea, ConfirmDialog, DeclarationSummary, DeclarationView, FormErrors, Loaded, OpinionsView,
    PendingConfirm, ReviewFormLinks, TextField, Timeline,
};
use crate::declarations::api::DecideDeclaration;
use crate::declarations::{Action, Approval, Business, DecideInput, DeclarationDetail, Status};
use leptos::prelude::*;

#[component]
pub fn OrgDecidePage() -> impl IntoView {
    view! { <ManageArea><OrgDecide/></ManageArea> }
}

#[component]
fn OrgDecide() -> impl IntoView {
    let detail = crate::components::declaration_view::route_declaration();
    let reason = RwSignal::new(String::new());
    let approval_no = RwSignal::new(String::new());
    let qualified_on = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let notice = RwSignal::new(None::<String>);
    let ask = RwSignal::new(None::<PendingConfirm>);
    let decide = server_call::<DecideDeclaration>();
    Effect::new(move |_| match decide.value().get() {
        Some(Ok(d)) => {
            notice.set(Some(format!("操作成功，当前状态：{}", d.status.label())));
            detail.refetch();
        }
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });
    let (rv, rw) = (Signal::derive(move || reason.get()), Callback::new(move |v| reason.set(v)));
    let auth = Auth::get();
    let decision = move |d: DeclarationDetail| {
        let (did, version) = (d.id, d.version);
        // Only the organisation it was sent to decides (the server says so
        // too); others in whose jurisdiction it lies only look.
        let ours = auth.user.get_untracked().and_then(|u| u.ok().flatten()).and_then(|u| u.org_name)
            == Some(d.target_org.clone());
        let actions: Vec<(Action, &'static str)> = match d.status {
            _ if !ours => vec![],
            Status::DepartmentReview => {
                vec![(Action::DepartmentApprove, "审核通过（报送职改办）"), (Action::DepartmentReturn, "退回单位修改")]
            }
            Status::OfficeReview => vec![
                (Action::OfficeApprove, "审核通过"),
                (Action::OfficeReturn, "退回单位修改"),
                (Action::OfficeReject, "审核不通过"),
            ],
            _ => vec![],
        };
        let office = d.status == Status::OfficeReview;
        // A 补发 of a certificate issued here keeps the original's approval;
        // one of an external original keeps its date.
        let replacement = d.business == Business::Replacement;
        let own_original = replacement && d.form.original.certificate.is_some();
        if replacement && !own_original && qualified_on.get_untracked().is_empty() {
            qualified_on.set(d.form.original.date.clone());
        }
        view! {
            <section class="card">
                <div class="card-head"><h2>"申报审核"</h2><a href="/manage/declarations">"返回待办事项"</a></div>
                <DeclarationSummary detail=d.clone() reveal=true/>
                <p>"报送单位负责人：" {d.unit_leader.clone()} "　报送至：" {d.target_org.clone()}</p>
                <p><ReviewFormLinks id=d.id public=true/></p>
                <Banner kind="success" message=notice/>
            </section>
            <DeclarationView detail=d.clone()/>
            <OpinionsView opinions=d.opinions.clone() junior=d.level.is_junior()/>
            {(!actions.is_empty()).then(|| view! {
                <section class="card" data-testid="decision">
                    <h2>"审核意见"</h2>
                    <Banner message=Signal::derive(move || errors.general(&["reason", "approval_no", "qualified_on"]))/>
                    {(office && !own_original).then(|| view! {
                        <div class="form-grid">
                            <TextField label="批准文号（审核通过时必填）" name="approval_no" value=approval_no errors=errors maxlength=60
                                placeholder="如 桂职改办〔2026〕12号"/>
                            <TextField label="取得资格时间（审核通过时必填）" name="qualified_on" value=qualified_on errors=errors input_type="date"/>
                        </div>
                    })}
                    {(office && own_original).then(|| view! {
                        <p class="muted">"补发证书沿用原证书的批准文号和取得资格时间，原证书将作废。"</p>
                    })}
                    <BoundTextArea label="原因（退回或不通过时必填）" name="reason" value=rv on_input=rw errors=errors maxlength=500/>
                    <div class="form-actions">
                        {actions.into_iter().map(|(a, label)| view! {
                            <button type="button" class="btn" class:btn-primary=matches!(a, Action::OfficeApprove | Action::DepartmentApprove)
                                on:click=move |_| {
                                    errors.set(None);
                                    let input = DecideInput {
                                        id: did,
                                        version,
                                        action: a,
                                        reason: reason.get_untracked(),
                                        approval: Approval { approval_no: approval_no.get_untracked(), qualified_on: qualified_on.get_untracked() },
                                    };
                                    ask.set(Some(PendingConfirm {
                                        message: format!("确定“{label}”吗？提交后不能撤回。"),
                                        confirm_label: "确定",
                                        on_confirm: Callback::new(move |_| { decide.dispatch(DecideDeclaration { input: input.clone() }); }),
                                    }));
                                }>{label}</button>
                        }).collect_view()}
                    </div>
                </section>
            })}
            <Timeline entries=d.timeline.clone()/>
        }
    };
    view! {
        <Loaded resource=detail let:d>{decision(d)}</Loaded>
        <ConfirmDialog state=ask/>
    }
}
