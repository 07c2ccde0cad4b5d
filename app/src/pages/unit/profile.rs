//! The unit's profile as its pages load it, and the banner of its review
//! status and of a change waiting for the 职改办.

use crate::error::AppError;
use crate::units::api::load_unit_profile;
use crate::units::{UnitProfile, UnitStatus};
use leptos::prelude::*;

/// Why a unit cannot receive declarations yet, and a change waiting for
/// (or returned by) the 职改办.
#[component]
pub fn StatusBanner(profile: UnitProfile) -> impl IntoView {
    view! {
        {profile.change.clone().map(|c| {
            let what = format!("单位名称：{}；单位所在地：{}；单位类型：{}{}", c.name, c.region_name, c.kind,
                if c.licence.is_some() { "；营业执照：已重新上传" } else { "" });
            if c.status == "returned" {
                view! {
                    <div class="banner banner-error" role="alert" data-testid="unit-change">
                    "单位信息变更（" {what} "）被职改办退回：" {c.note.clone()} "。原信息继续有效，可修改后重新提交。"
                    </div>
                }.into_any()
            } else {
                view! {
                    <div class="banner banner-info" role="status" data-testid="unit-change">
                    "单位信息变更已于 " {c.submitted_at.clone()} " 提交，等待职改办审核，审核通过后生效（" {what} "）。在此之前原信息继续有效。"
                    </div>
                }.into_any()
            }
        })}
        {status_notice(&profile)}
    }
}

fn status_notice(profile: &UnitProfile) -> Option<AnyView> {
    match profile.status {
        UnitStatus::Pending => Some(
            view! {
                <div class="banner banner-info" role="status">
                    "单位注册信息正在等待职改办审核。审核通过前，单位可以登录并修改单位信息，但不能接收职称申报。"
                </div>
            }
            .into_any(),
        ),
        UnitStatus::Returned => Some(
            view! {
                <div class="banner banner-error" role="alert">
                    "单位注册信息被职改办退回修改：" {profile.review_note.clone()}
                    "。请在“单位信息”中修改后保存，将自动重新提交审核。审核通过前不能接收职称申报。"
                </div>
            }
            .into_any(),
        ),
        UnitStatus::Approved => None,
    }
}

pub fn unit_profile_resource() -> Resource<Result<UnitProfile, AppError>> {
    Resource::new(|| (), |_| load_unit_profile())
}
