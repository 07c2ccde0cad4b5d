//! 账户信息 (`/unit`).

use super::frame::UnitArea;
use super::profile::{unit_profile_resource, StatusBanner};
use crate::components::{FilePreview, Loaded};
use leptos::prelude::*;

#[component]
pub fn UnitAccountPage() -> impl IntoView {
    view! { <UnitArea><UnitAccount/></UnitArea> }
}

#[component]
fn UnitAccount() -> impl IntoView {
    let profile = unit_profile_resource();
    view! {
        <Loaded resource=profile let:p>
            <StatusBanner profile=p.clone()/>
            <section class="card">
                <h2>"账户信息"</h2>
                <dl class="info-grid">
                    <dt>"账号"</dt><dd>{p.credit_code.clone()}</dd>
                    <dt>"单位名称"</dt><dd>{p.name.clone()}</dd>
                    <dt>"审核状态"</dt><dd data-testid="unit-status">{p.status.label()}</dd>
                    <dt>"注册时间"</dt><dd>{p.registered_at.clone()}</dd>
                    <dt>"营业执照"</dt>
                    <dd>{p.licence.clone().map(|f| view! { <FilePreview file=f/> })}</dd>
                </dl>
            </section>
        </Loaded>
    }
}
