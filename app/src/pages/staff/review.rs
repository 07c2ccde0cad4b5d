//! 审核 (`/staff/declarations/:id`): the declaration, the unit's opinions,
//! 审核报送 and 退回给个人 while it waits for the unit.

use super::decisions::{ForwardPanel, ReturnPanel};
use super::frame::StaffArea;
use super::opinions::OpinionForms;
use crate::components::{Banner, DeclarationSummary, DeclarationView, Loaded, OpinionsView, ReviewFormLinks, Timeline};
use crate::declarations::DeclarationDetail;
use leptos::prelude::*;

#[component]
pub fn ReviewPage() -> impl IntoView {
    view! { <StaffArea><ReviewLoader/></StaffArea> }
}

#[component]
fn ReviewLoader() -> impl IntoView {
    let detail = crate::components::declaration_view::route_declaration();
    // Every save returns the declaration anew; the page shows the latest.
    let current = RwSignal::new(None::<DeclarationDetail>);
    let show = move |d: DeclarationDetail| {
        current.set(Some(d));
        view! { <Review current=current/> }
    };
    view! { <Loaded resource=detail let:d>{show(d)}</Loaded> }
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
                <DeclarationSummary detail=d.clone() reveal=true/>
                <p><ReviewFormLinks id=d.id/></p>
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
