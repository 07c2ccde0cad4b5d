//! 待审核申报 (`/manage/declarations`): what waits for this office.

use super::frame::OfficerPage;
use crate::components::{DeclarationTable, Loaded};
use crate::declarations::api::org_queue;
use crate::declarations::Status;
use leptos::prelude::*;

#[component]
pub fn OrgQueuePage() -> impl IntoView {
    view! { <OfficerPage><OrgQueue/></OfficerPage> }
}

#[component]
fn OrgQueue() -> impl IntoView {
    let page = RwSignal::new(1u64);
    let list = Resource::new(
        move || page.get(),
        |page| org_queue(crate::declarations::OfficeFilter { page, ..Default::default() }),
    );
    view! {
        <section class="card">
            <div class="card-head"><h2>"待审核申报"</h2><a href="/manage">"返回首页"</a></div>
            // The queue holds only what waits for this office.
            <Loaded resource=list transition=true let:p>
                <DeclarationTable list=p page=page href=|id| format!("/manage/declarations/{id}")
                    may_act=|s| matches!(s, Status::DepartmentReview | Status::OfficeReview)/>
            </Loaded>
        </section>
    }
}
