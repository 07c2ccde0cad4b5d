//! The applicant's own pages: 个人信息 (with contacts), 我所在的单位 and 修改密码.

use crate::accounts::api::{load_person_profile, ChangePassword, UpdateContact};
use crate::accounts::{ChangePasswordInput, CurrentUser, PersonProfile, Role, UpdateContactInput};
use crate::components::{Banner, FormErrors, MenuItem, RequireRole, SideMenu, SubmitButton, TextField};
use crate::domain::password::RULE_HINT;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

fn menu() -> Vec<MenuItem> {
    vec![
        MenuItem { label: "个人信息", href: "/person", count: None },
        MenuItem { label: "我的申报", href: "/person/declarations", count: None },
        MenuItem { label: "消息中心", href: "/person/messages", count: None },
        MenuItem { label: "我所在的单位", href: "/person/units", count: None },
        MenuItem { label: "修改密码", href: "/person/password", count: None },
    ]
}

/// The person's area: side menu and content.
#[component]
pub fn PersonArea(children: Children) -> impl IntoView {
    view! {
        <div class="area">
            <SideMenu items=menu()/>
            <div class="area-content">{children()}</div>
        </div>
    }
}

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
        <Suspense fallback=|| view! { <p class="loading">"加载中…"</p> }>
            {move || profile.get().map(|p| match p {
                Ok(p) => view! { <ProfileCard profile=p/> }.into_any(),
                Err(e) => view! { <div class="banner banner-error" role="alert">{e.to_string()}</div> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn ProfileCard(profile: PersonProfile) -> impl IntoView {
    let shown = RwSignal::new(profile.clone());
    let phone = RwSignal::new(profile.phone.clone());
    let email = RwSignal::new(profile.email.clone());
    let errors = FormErrors::new();
    let saved = RwSignal::new(None::<String>);
    let action = ServerAction::<UpdateContact>::new();
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

#[component]
pub fn PersonPassword() -> impl IntoView {
    view! {
        <RequireRole roles=&[Role::Person] children=|_user| view! {
            <PersonArea>
                <section class="card"><h2>"修改密码"</h2><ChangePasswordForm/></section>
            </PersonArea>
        }.into_any()/>
    }
}

/// 修改密码 with 原密码, for every role that has a password of its own: the
/// person's page shows it in a card, the unit's 【修改单位密码】 in a dialog
/// (with 取消 when `on_cancel` is given).
#[component]
pub fn ChangePasswordForm(
    #[prop(optional)] on_cancel: Option<Callback<()>>,
    #[prop(default = "密码已修改，下次登录请使用新密码")] done_message: &'static str,
) -> impl IntoView {
    let old = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let done = RwSignal::new(None::<String>);
    let action = ServerAction::<ChangePassword>::new();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(())) => {
            old.set(String::new());
            new.set(String::new());
            confirm.set(String::new());
            done.set(Some(done_message.into()));
        }
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.set(None);
        done.set(None);
        action.dispatch(ChangePassword {
            input: ChangePasswordInput {
                old_password: old.get_untracked(),
                new_password: new.get_untracked(),
                new_password_confirm: confirm.get_untracked(),
            },
        });
    };
    view! {
        <form method="post" class="form" on:submit=on_submit novalidate>
            <Banner message=Signal::derive(move || errors.general(&["old_password", "new_password", "new_password_confirm"]))/>
            <Banner kind="success" message=done/>
            <TextField label="原密码" name="old_password" value=old errors=errors required=true input_type="password"
                autocomplete="current-password" maxlength=32/>
            <TextField label="新密码" name="new_password" value=new errors=errors required=true input_type="password"
                autocomplete="new-password" maxlength=32 hint=RULE_HINT/>
            <TextField label="再输入一次新密码" name="new_password_confirm" value=confirm errors=errors required=true
                input_type="password" autocomplete="new-password" maxlength=32/>
            <div class="form-actions">
                {on_cancel.map(|cancel| view! { <button type="button" class="btn" on:click=move |_| cancel.run(())>"取消"</button> })}
                <SubmitButton label="确定" pending=action.pending()/>
            </div>
        </form>
    }
}

/// 我所在的单位: the units that list this person as staff; leaving one
/// needs no one's consent (a unit may have added them without asking).
#[component]
pub fn MyUnitsPage() -> impl IntoView {
    view! {
        <RequireRole roles=&[Role::Person] children=|_user: CurrentUser| view! {
            <PersonArea><MyUnits/></PersonArea>
        }.into_any()/>
    }
}

#[component]
fn MyUnits() -> impl IntoView {
    use crate::components::{ConfirmDialog, PendingConfirm};
    use crate::units::api::{my_units, LeaveUnit};
    let list = Resource::new(|| (), |_| my_units());
    let leave = ServerAction::<LeaveUnit>::new();
    let ask = RwSignal::new(None::<PendingConfirm>);
    let notice = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| match leave.value().get() {
        Some(Ok(_)) => {
            notice.set(Some("已退出该单位".into()));
            list.refetch();
        }
        Some(Err(e)) => error.set(Some(e.to_string())),
        None => {}
    });
    view! {
        <section class="card">
            <h2>"我所在的单位"</h2>
            <p class="muted">"以下单位已将您添加为单位工作人员。如您不在该单位工作，可以退出，退出后不能再以该单位工作人员身份登录。"</p>
            <Banner kind="success" message=notice/>
            <Banner message=error/>
            <Suspense fallback=|| view! { <p class="loading">"加载中…"</p> }>
                {move || list.get().map(|r| match r {
                    Ok(rows) if rows.is_empty() => view! { <p class="empty">"暂无单位将您添加为工作人员"</p> }.into_any(),
                    Ok(rows) => view! {
                        <div class="table-wrap"><table class="table" data-testid="my-units">
                            <thead><tr><th>"单位名称"</th><th>"是否启用"</th><th>"添加时间"</th><th>"操作"</th></tr></thead>
                            <tbody>
                                {rows.into_iter().map(|r| {
                                    let (id, name) = (r.id, r.unit_name.clone());
                                    view! {
                                        <tr>
                                            <td>{r.unit_name.clone()}</td>
                                            <td>{if r.enabled { "启用" } else { "停用" }}</td>
                                            <td>{r.added_at.clone()}</td>
                                            <td><button type="button" class="link danger" on:click=move |_| {
                                                notice.set(None);
                                                error.set(None);
                                                let name = name.clone();
                                                ask.set(Some(PendingConfirm {
                                                    message: format!("确定退出“{name}”吗？退出后不能再以该单位工作人员身份登录。"),
                                                    confirm_label: "退出",
                                                    on_confirm: Callback::new(move |_| { leave.dispatch(LeaveUnit { id }); }),
                                                }));
                                            }>"退出"</button></td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table></div>
                    }.into_any(),
                    Err(e) => view! { <div class="banner banner-error" role="alert">{e.to_string()}</div> }.into_any(),
                })}
            </Suspense>
            <ConfirmDialog state=ask/>
        </section>
    }
}
