//! 个人信息: the person's account and contacts (`/person`).

use super::frame::PersonArea;
use crate::accounts::api::{load_person_profile, UpdateContact};
use crate::accounts::{CurrentUser, PersonProfile, Role, UpdateContactInput};
use crate::components::server_call;
use crate::components::{Banner, FormErrors, Loaded, RequireRole, SubmitButton, TextField};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub fn PersonHome() -> impl IntoView {
    view! {
        <RequireRole roles=&[Role::Person] children=|user: CurrentUser| view! {
            <PersonArea>
                <h1 class="welcome">"欢迎您，" {user.name.clone()}</h1>
                <Profile user=user.clone()/>
            </PersonArea>
        }.into_any()/>
    }
}

#[component]
fn Profile(user: CurrentUser) -> impl IntoView {
    let id = user.public_id;
    let profile = Resource::new(|| (), move |_| load_person_profile(id));
    view! {
        <Loaded resource=profile let:p>
            <ProfileCard profile=p/>
        </Loaded>
    }
}

#[component]
fn ProfileCard(profile: PersonProfile) -> impl IntoView {
    let shown = RwSignal::new(profile.clone());
    let phone = RwSignal::new(profile.phone.clone());
    let email = RwSignal::new(profile.email.clone());
    let errors = FormErrors::new();
    let saved = RwSignal::new(None::<String>);
    let action = server_call::<UpdateContact>();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(p)) => {
            shown.set(p);
            saved.set(Some("联系方式已保存".into()));
        }
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.set(None);
        saved.set(None);
        action.dispatch(UpdateContact {
            input: UpdateContactInput {
                person_id: shown.get_untracked().public_id,
                phone: phone.get_untracked(),
                email: email.get_untracked(),
            },
        });
    };
    view! {
        <section class="card">
            <h2>"账户信息"</h2>
            <dl class="info-grid">
                <dt>"姓名"</dt><dd data-testid="profile-name">{move || shown.get().name}</dd>
                <dt>"证件类型"</dt><dd>{move || shown.get().id_type}</dd>
                <dt>"证件号码"</dt><dd>{move || shown.get().id_number_masked}</dd>
                <dt>"出生日期"</dt><dd>{move || shown.get().birth_date}</dd>
                <dt>"性别"</dt><dd>{move || shown.get().gender}</dd>
                <dt>"手机号"</dt><dd>{move || shown.get().phone}</dd>
                <dt>"邮箱"</dt><dd>{move || shown.get().email}</dd>
                <dt>"注册时间"</dt><dd>{move || shown.get().registered_at}</dd>
            </dl>
        </section>
        <section class="card">
            <h2>"修改联系方式"</h2>
            <form method="post" class="form" on:submit=on_submit novalidate>
                <Banner message=Signal::derive(move || errors.general(&["phone", "email"]))/>
                <Banner kind="success" message=saved/>
                <TextField label="手机号" name="phone" value=phone errors=errors required=true maxlength=11 input_type="tel"/>
                <TextField label="邮箱" name="email" value=email errors=errors required=true maxlength=100 input_type="email"/>
                <div class="form-actions"><SubmitButton label="保存" pending=action.pending()/></div>
            </form>
        </section>
    }
}
