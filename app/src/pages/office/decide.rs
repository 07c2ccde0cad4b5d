//! 申报审核 (`/manage/declarations/:id`): the office's decision.

use super::frame::OfficerPage;
use crate::components::{
    Banner, BoundTextArea, DeclarationSummary, DeclarationView, FormErrors, Loaded, OpinionsView, Timeline,
};
use crate::declarations::api::DecideDeclaration;
use crate::declarations::{Action, DecideInput, DeclarationDetail, Status};
use leptos::prelude::*;

#[component]
pub fn OrgDecidePage() -> impl IntoView {
    view! { <OfficerPage><OrgDecide/></OfficerPage> }
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
    let decision = move |d: DeclarationDetail| {
        let (did, version) = (d.id, d.version);
        let actions: Vec<(Action, &'static str)> = match d.status {
            Status::DepartmentReview => {
                vec![(Action::DepartmentApprove, "审核通过"), (Action::DepartmentReturn, "退回单位")]
            }
            Status::OfficeReview => vec![
                (Action::OfficeApprove, "审核通过"),
                (Action::OfficeReturn, "退回单位"),
                (Action::OfficeReject, "审核不通过"),
            ],
            _ => vec![],
        };
        view! {
            <section class="card">
                <div class="card-head"><h2>"申报审核"</h2><a href="/manage/declarations">"返回列表"</a></div>
                <DeclarationSummary detail=d.clone() reveal=true/>
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
                                decide.dispatch(DecideDeclaration { input: DecideInput { id: did, version, action: a, reason: reason.get_untracked(), approval: Default::default() } });
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
    }
}
