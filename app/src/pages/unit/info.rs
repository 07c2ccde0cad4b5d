//! 单位信息 (`/unit/info`): the profile, its form, and 【修改单位密码】.

use super::frame::UnitArea;
use super::profile::{unit_profile_resource, StatusBanner};
use crate::components::server_call;
use crate::components::{
    Banner, ChangePasswordForm, Dialog, FileUpload, FormErrors, IndustrySelect, Loaded, RegionSelect, SubmitButton,
    TextField, UnitKindSelect,
};
use crate::units::api::UpdateUnitInfo;
use crate::units::{UnitProfile, UpdateUnitInput};
use crate::uploads::{FileRef, PURPOSE_LICENCE};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub fn UnitInfoPage() -> impl IntoView {
    view! { <UnitArea><UnitInfo/></UnitArea> }
}

#[component]
fn UnitInfo() -> impl IntoView {
    let profile = unit_profile_resource();
    let password_open = RwSignal::new(false);
    view! {
        <Loaded resource=profile let:p>
            <StatusBanner profile=p.clone()/>
            <section class="card">
                <div class="card-head">
                    <h2>"单位信息"</h2>
                    <button type="button" class="btn" on:click=move |_| password_open.set(true)>"修改单位密码"</button>
                </div>
                <dl class="info-grid">
                    <dt>"单位名称"</dt><dd data-testid="unit-name">{p.name.clone()}</dd>
                    <dt>"法定代表人"</dt><dd>{p.legal_rep.clone()}</dd>
                    <dt>"公司地址"</dt><dd>{format!("{}{}", p.region_name, p.address)}</dd>
                    <dt>"公司行业"</dt><dd>{p.industry_name.clone()}</dd>
                    <dt>"注册时间"</dt><dd>{p.registered_at.clone()}</dd>
                </dl>
            </section>
            <UnitInfoForm profile=p on_saved=Callback::new(move |_| profile.refetch())/>
        </Loaded>
        <UnitPasswordDialog open=password_open/>
    }
}

#[component]
fn UnitInfoForm(profile: UnitProfile, on_saved: Callback<()>) -> impl IntoView {
    let name = RwSignal::new(profile.name.clone());
    let legal_rep = RwSignal::new(profile.legal_rep.clone());
    let kind = RwSignal::new(profile.kind.clone());
    let industry = RwSignal::new(profile.industry.clone());
    let region_code = RwSignal::new(profile.region_code.clone());
    let address = RwSignal::new(profile.address.clone());
    let licence = RwSignal::new(None::<FileRef>);
    let errors = FormErrors::new();
    let saved = RwSignal::new(None::<String>);
    let action = server_call::<UpdateUnitInfo>();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => {
            saved.set(Some("单位信息已保存".into()));
            on_saved.run(());
        }
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.set(None);
        saved.set(None);
        action.dispatch(UpdateUnitInfo {
            input: UpdateUnitInput {
                name: name.get_untracked(),
                legal_rep: legal_rep.get_untracked(),
                kind: kind.get_untracked(),
                industry: industry.get_untracked(),
                region_code: region_code.get_untracked(),
                address: address.get_untracked(),
                licence_id: licence.get_untracked().map(|f| f.id),
            },
        });
    };
    view! {
        <section class="card">
            <h2>"修改单位信息"</h2>
            <p class="muted">"修改单位名称会记入“更名记录”。"</p>
            <form method="post" class="form" on:submit=on_submit novalidate>
                <Banner message=Signal::derive(move || errors.general(&["name", "legal_rep", "kind", "industry", "region_code", "address", "licence"]))/>
                <Banner kind="success" message=saved/>
                <TextField label="单位名称" name="name" value=name errors=errors required=true maxlength=100/>
                <TextField label="法定代表人" name="legal_rep" value=legal_rep errors=errors required=true maxlength=50/>
                <UnitKindSelect value=kind errors=errors/>
                <IndustrySelect value=industry errors=errors options=profile.industry_options.clone()/>
                <RegionSelect value=region_code errors=errors/>
                <TextField label="单位地址" name="address" value=address errors=errors required=true maxlength=200/>
                <FileUpload label="更换营业执照" name="licence" purpose=PURPOSE_LICENCE value=licence errors=errors/>
                <div class="form-actions"><SubmitButton label="保存" pending=action.pending()/></div>
            </form>
        </section>
    }
}

/// 【修改单位密码】: 原密码, 新密码, 再输入一次新密码, 取消, 确定 (a fresh form
/// each time the dialog opens).
#[component]
fn UnitPasswordDialog(open: RwSignal<bool>) -> impl IntoView {
    view! {
        <Dialog open=open title="修改单位密码">
            <ChangePasswordForm on_cancel=Callback::new(move |_| open.set(false)) done_message="单位密码已修改"/>
        </Dialog>
    }
}
