//! 管理端: sign-in and home of 职改办 / 主管部门 staff and the administrator.

use crate::accounts::api::SignInOfficer;
use crate::accounts::{CurrentUser, Role, SignInOfficerInput};
use crate::captcha::{CaptchaField, CaptchaState};
use crate::components::{
    Auth, Banner, ConfirmDialog, Dialog, FormErrors, MenuItem, Pager, PendingConfirm, RequireRole, SideMenu,
    SubmitButton, TextField,
};
use crate::units::api::{list_unit_changes, list_unit_registrations, ReviewUnitChange, ReviewUnitRegistration};
use crate::units::UnitStatus;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn ManageLogin() -> impl IntoView {
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let captcha = CaptchaState::new();
    let errors = FormErrors::new();
    let action = ServerAction::<SignInOfficer>::new();
    let auth = Auth::get();
    let navigate = use_navigate();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(user)) => {
            auth.signed_in(user.clone());
            navigate(user.role.home(), Default::default());
        }
        Some(Err(e)) => {
            errors.set(Some(e));
            captcha.refresh();
        }
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.set(None);
        action.dispatch(SignInOfficer {
            input: SignInOfficerInput {
                username: username.get_untracked(),
                password: password.get_untracked(),
                captcha_id: captcha.ticket(),
                captcha: captcha.answer.get_untracked(),
            },
        });
    };
    view! {
        <section class="card form-card narrow">
            <h1>"管理端登录"</h1>
            <p class="muted">"供职改办、主管部门工作人员及系统管理员使用。"</p>
            <form method="post" class="form" on:submit=on_submit novalidate>
                <Banner message=Signal::derive(move || errors.general(&["username", "password", "captcha"]))/>
                <TextField label="账 号" name="username" value=username errors=errors placeholder="请输入管理端账号"
                    autocomplete="username" maxlength=32/>
                <TextField label="密 码" name="password" value=password errors=errors input_type="password"
                    placeholder="请输入密码" autocomplete="current-password" maxlength=32/>
                <CaptchaField state=captcha error=Signal::derive(move || errors.field("captcha"))/>
                <SubmitButton label="登录" pending=action.pending() busy="登录中…"/>
            </form>
        </section>
    }
}

fn menu(role: Role) -> Vec<MenuItem> {
    let mut items = vec![MenuItem { label: "首页", href: "/manage", count: None }];
    if matches!(role, Role::Office | Role::Admin) {
        items.push(MenuItem { label: "单位注册审核", href: "/manage/units", count: None });
    }
    items
}

/// The offices' area: menu by role, and the page.
#[component]
fn ManageArea(children: ChildrenFn) -> impl IntoView {
    let children = StoredValue::new(children);
    view! {
        <RequireRole roles=&[Role::Office, Role::Department, Role::Admin] children=move |user: CurrentUser| view! {
            <div class="area">
                <div>
                    <p class="menu-title">{user.org_name.clone().unwrap_or_else(|| user.role.label().to_string())}</p>
                    <SideMenu items=menu(user.role)/>
                </div>
                <div class="area-content">{children.with_value(|c| c())}</div>
            </div>
        }.into_any()/>
    }
}

#[component]
pub fn ManageHome() -> impl IntoView {
    let auth = Auth::get();
    view! {
        <ManageArea>
            <section class="card">
                {move || auth.user.get().and_then(|u| u.ok().flatten()).map(|user| view! {
                    <h1 class="welcome">"欢迎您，" {user.name.clone()}</h1>
                    <p>{user.role.label()} {user.org_name.clone().map(|o| format!("（{o}）"))}</p>
                })}
            </section>
        </ManageArea>
    }
}

/// 单位注册审核: pending registrations of this office's region, the licence,
/// 审核通过 or 退回 with a reason.
#[component]
pub fn ManageUnits() -> impl IntoView {
    let status = RwSignal::new("pending".to_string());
    let page = RwSignal::new(1u64);
    let version = RwSignal::new(0u32);
    let list = Resource::new(
        move || (status.get(), page.get(), version.get()),
        |(status, page, _)| list_unit_registrations(UnitStatus::from_code(&status), page),
    );
    let review = ServerAction::<ReviewUnitRegistration>::new();
    let message = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let returning = RwSignal::new(None::<(uuid::Uuid, String)>);
    let return_open = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    let note_errors = FormErrors::new();
    let ask = RwSignal::new(None::<PendingConfirm>);
    Effect::new(move |_| match review.value().get() {
        Some(Ok(())) => {
            message.set(None);
            notice.set(Some("操作成功".into()));
            return_open.set(false);
            version.update(|v| *v += 1);
        }
        Some(Err(e)) => {
            notice.set(None);
            if return_open.get_untracked() {
                note_errors.set(Some(e));
            } else {
                message.set(Some(e.to_string()));
            }
        }
        None => {}
    });
    view! {
        <ManageArea>
            <section class="card">
                <div class="card-head">
                    <h2>"单位注册审核"</h2>
                    <label class="inline">"审核状态 "
                        <select aria-label="审核状态" on:change=move |ev| { status.set(event_target_value(&ev)); page.set(1); }>
                            <option value="pending" selected=true>"待审核"</option>
                            <option value="">"全部"</option>
                            <option value="approved">"已审核"</option>
                            <option value="returned">"退回修改"</option>
                        </select>
                    </label>
                </div>
                <Banner message=message/>
                <Banner kind="success" message=notice/>
                <Transition fallback=|| view! { <p class="loading">"加载中…"</p> }>
                    {move || list.get().map(|r| match r {
                        Ok(p) if p.rows.is_empty() => view! { <p class="empty">"没有符合条件的单位注册"</p> }.into_any(),
                        Ok(p) => {
                            view! {
                                <div class="table-wrap">
                                <table class="table">
                                    <thead><tr>
                                        <th>"单位名称"</th><th>"统一社会信用代码"</th><th>"单位类型"</th><th>"单位所在地"</th>
                                        <th>"法定代表人"</th><th>"注册时间"</th><th>"状态"</th><th>"营业执照"</th><th>"操作"</th>
                                    </tr></thead>
                                    <tbody>
                                        {p.rows.into_iter().map(|u| {
                                            let (id, name) = (u.id, u.name.clone());
                                            let name2 = name.clone();
                                            let pending = u.status == UnitStatus::Pending;
                                            view! {
                                                <tr>
                                                    <td>{u.name}</td><td>{u.credit_code}</td><td>{u.kind}</td><td>{u.region_name}</td>
                                                    <td>{u.legal_rep}</td><td>{u.registered_at}</td>
                                                    <td>{u.status.label()} {(!u.review_note.is_empty()).then(|| format!("（{}）", u.review_note))}</td>
                                                    <td>{u.licence.map(|f| view! { <a href=f.url() target="_blank" rel="noopener">"查看"</a> })}</td>
                                                    <td class="actions">
                                                        <Show when=move || pending>
                                                            <button type="button" class="btn small btn-primary" on:click={
                                                                let name = name.clone();
                                                                move |_| ask.set(Some(PendingConfirm {
                                                                    message: format!("确定审核通过“{name}”的注册吗？"),
                                                                    confirm_label: "审核通过",
                                                                    on_confirm: Callback::new(move |_| { review.dispatch(ReviewUnitRegistration { id, approve: true, note: String::new() }); }),
                                                                }))
                                                            }>"审核通过"</button>
                                                            <button type="button" class="btn small" on:click={
                                                                let name2 = name2.clone();
                                                                move |_| {
                                                                    note.set(String::new());
                                                                    note_errors.set(None);
                                                                    returning.set(Some((id, name2.clone())));
                                                                    return_open.set(true);
                                                                }
                                                            }>"退回"</button>
                                                        </Show>
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                </div>
                                <Pager page=page total=p.total per_page=p.per_page/>
                            }.into_any()
                        }
                        Err(e) => view! { <div class="banner banner-error" role="alert">{e.to_string()}</div> }.into_any(),
                    })}
                </Transition>
            </section>
            <Dialog open=return_open title="退回单位注册">
                <form method="post" class="form" novalidate on:submit=move |ev: SubmitEvent| {
                    ev.prevent_default();
                    note_errors.set(None);
                    if let Some((id, _)) = returning.get_untracked() {
                        review.dispatch(ReviewUnitRegistration { id, approve: false, note: note.get_untracked() });
                    }
                }>
                    <p>{move || returning.get().map(|(_, n)| format!("退回“{n}”的注册，请填写原因："))}</p>
                    <TextField label="退回原因" name="note" value=note errors=note_errors required=true maxlength=500/>
                    <div class="dialog-actions">
                        <button type="button" class="btn" on:click=move |_| return_open.set(false)>"取消"</button>
                        <SubmitButton label="确定退回" pending=review.pending()/>
                    </div>
                </form>
            </Dialog>
            <ConfirmDialog state=ask/>
            <UnitChanges/>
        </ManageArea>
    }
}

/// 单位信息变更审核: an approved unit's new name, 单位所在地, 单位类型 or
/// licence take effect only when approved here.
#[component]
fn UnitChanges() -> impl IntoView {
    let list = Resource::new(|| (), |_| list_unit_changes());
    let review = ServerAction::<ReviewUnitChange>::new();
    let notice = RwSignal::new(None::<String>);
    let message = RwSignal::new(None::<String>);
    let notes = RwSignal::new(std::collections::HashMap::<uuid::Uuid, String>::new());
    Effect::new(move |_| match review.value().get() {
        Some(Ok(())) => {
            message.set(None);
            notice.set(Some("操作成功".into()));
            list.refetch();
        }
        Some(Err(e)) => message.set(Some(e.to_string())),
        None => {}
    });
    view! {
        <section class="card">
            <h2>"单位信息变更审核"</h2>
            <p class="muted">"已审核单位修改单位名称、单位所在地、单位类型或营业执照，须经职改办审核通过后生效；退回须填写原因。"</p>
            <Banner message=message/>
            <Banner kind="success" message=notice/>
            <Transition fallback=|| view! { <p class="loading">"加载中…"</p> }>
                {move || list.get().map(|r| match r {
                    Ok(rows) if rows.is_empty() => view! { <p class="empty">"没有待审核的单位信息变更"</p> }.into_any(),
                    Ok(rows) => view! {
                        <div class="table-wrap"><table class="table" data-testid="unit-changes">
                            <thead><tr><th>"统一社会信用代码"</th><th>"原信息"</th><th>"变更为"</th><th>"提交时间"</th><th>"退回原因"</th><th>"操作"</th></tr></thead>
                            <tbody>
                                {rows.into_iter().map(|r| {
                                    let id = r.change.id;
                                    view! {
                                        <tr>
                                            <td>{r.credit_code.clone()}</td>
                                            <td>{format!("{}／{}／{}", r.current_name, r.current_region_name, r.current_kind)}</td>
                                            <td>
                                                {format!("{}／{}／{}", r.change.name, r.change.region_name, r.change.kind)}
                                                {r.change.licence.clone().map(|f| view! { " " <a href=f.url() target="_blank" rel="noopener">"新营业执照"</a> })}
                                            </td>
                                            <td>{r.change.submitted_at.clone()}</td>
                                            <td><input type="text" aria-label="退回原因" maxlength="500"
                                                on:input=move |ev| notes.update(|m| { m.insert(id, event_target_value(&ev)); })/></td>
                                            <td class="actions">
                                                <button type="button" class="btn small btn-primary" on:click=move |_| {
                                                    review.dispatch(ReviewUnitChange { id, approve: true, note: String::new() });
                                                }>"审核通过"</button>
                                                <button type="button" class="btn small" on:click=move |_| {
                                                    let note = notes.with_untracked(|m| m.get(&id).cloned().unwrap_or_default());
                                                    review.dispatch(ReviewUnitChange { id, approve: false, note });
                                                }>"退回"</button>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table></div>
                    }.into_any(),
                    Err(e) => view! { <div class="banner banner-error" role="alert">{e.to_string()}</div> }.into_any(),
                })}
            </Transition>
        </section>
    }
}
