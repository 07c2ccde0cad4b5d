//! One declaration of the applicant (`/person/declarations/:id`): the
//! editor while it may be edited, read-only otherwise.

use super::editor::DeclarationEditor;
use super::frame::ApplicantArea;
use crate::components::{DeclarationSummary, DeclarationView, Loaded, OpinionsView, ReviewFormLinks, Timeline};
use crate::declarations::DeclarationDetail;
use leptos::prelude::*;

#[component]
pub fn DeclarationPage() -> impl IntoView {
    view! { <ApplicantArea><DeclarationLoader/></ApplicantArea> }
}

#[component]
fn DeclarationLoader() -> impl IntoView {
    let detail = crate::components::declaration_view::route_declaration();
    view! {
        <Loaded resource=detail let:d>
            {if d.editable {
                view! { <DeclarationEditor detail=d/> }.into_any()
            } else {
                view! { <DeclarationReadOnly detail=d/> }.into_any()
            }}
        </Loaded>
    }
}

#[component]
fn DeclarationReadOnly(detail: DeclarationDetail) -> impl IntoView {
    let junior = detail.level.is_junior();
    let show_opinions = detail.status != crate::declarations::Status::UnitReview;
    view! {
        <section class="card">
            <div class="card-head"><h2>"申报详情"</h2><a href="/person/declarations">"返回我的申报"</a></div>
            {(detail.status == crate::declarations::Status::Rejected).then(|| view! {
                <div class="banner banner-error" role="alert">"该申报审核不通过，不能再编辑或报送。"</div>
            })}
            <DeclarationSummary detail=detail.clone()/>
            <p><ReviewFormLinks id=detail.id/></p>
        </section>
        <Timeline entries=detail.timeline.clone()/>
        <DeclarationView detail=detail.clone()/>
        {show_opinions.then(|| view! { <OpinionsView opinions=detail.opinions.clone() junior=junior/> })}
    }
}
