//! 工作人员管理 of one organisation (`/manage/orgs/:id`): its officer
//! accounts, 新增工作人员, 停用/启用 and 重置密码. A password set here is an
//! initial one: the officer chooses their own at the next sign-in.

use crate::admin::api::{org_officers, CreateOfficer, ResetOfficerPassword, SetOfficerEnabled};
use crate::admin::{NewOfficerInput, OfficerRow, OrgWithOfficers, ResetPasswordInput};
use crate::components::TextField;
use crate::components::{server_call, ServerCall};
use crate::components::{Banner, ConfirmDialog, DataTable, Dialog, FormErrors, Loaded, PendingConfirm, SubmitButton};
use crate::domain::password::RULE_HINT;
use crate::pages::office::frame::ManageArea;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn ManageOfficersPage() -> impl IntoView {
    view! { <ManageArea><ManageOfficers/></ManageArea> }
}

#[component]
fn ManageOfficers() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let org_id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(org_id, org_officers);
    let message = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let ask = RwSignal::new(None::<PendingConfirm>);
    let toggle = server_call::<SetOfficerEnabled>();
    Effect::new(move |_| match toggle.value().get() {
        Some(Ok(())) => {
            message.set(None);
            data.refetch();
        }
        Some(Err(e)) => message.set(Some(e.to_string())),
        None => {}
    });
    let adding = RwSignal::new(false);
    let resetting = RwSignal::new(None::<(Uuid, String)>);
    let on_saved = Callback::new(move |text: String| {
        notice.set(Some(text));
        message.set(None);
        data.refetch();
    });
    view! {
        <section class="card">
            <p><a href="/manage/orgs">"← 返回组织机构管理"</a></p>
            <Loaded resource=data transition=true let:d>
                <OrgHead d=d.clone() adding=adding/>
                <Banner message=message/>
                <Banner kind="success" message=notice/>
                <DataTable columns=&["登录名", "姓名", "角色", "状态", "密码", "创建时间", "操作"] rows=d.rows
                    empty="该机构暂无工作人员，请点击“新增工作人员”添加" testid="officers"
                    row=move |r: OfficerRow| officer_row(r, ask, toggle, resetting)/>
            </Loaded>
        </section>
        <AddOfficerDialog open=adding org_id=Signal::derive(org_id) on_saved=on_saved/>
        <ResetDialog resetting=resetting on_saved=on_saved/>
        <ConfirmDialog state=ask/>
    }
}

#[component]
fn OrgHead(d: OrgWithOfficers, adding: RwSignal<bool>) -> impl IntoView {
    let o = d.org;
    view! {
        <div class="card-head">
            <h2>{o.name.clone()}" · 工作人员"</h2>
            {(!o.disabled).then(|| view! {
                <button type="button" class="btn btn-primary" on:click=move |_| adding.set(true)>"新增工作人员"</button>
            })}
        </div>
        <p class="muted">
            {o.kind_label.clone()}"　"{o.region_name.clone()}
            {o.disabled.then(|| view! { "　" <span class="badge badge-grey">"已停用"</span> })}
        </p>
        <p class="muted">"新增或重置密码时设置的是初始密码，工作人员首次登录时须修改为自己的密码。停用后立即退出登录。"</p>
    }
}

fn officer_row(
    r: OfficerRow,
    ask: RwSignal<Option<PendingConfirm>>,
    toggle: ServerCall<SetOfficerEnabled>,
    resetting: RwSignal<Option<(Uuid, String)>>,
) -> impl IntoView {
    let (id, enabled, name) = (r.id, r.enabled, r.name.clone());
    let name2 = name.clone();
    view! {
        <tr data-officer=r.username.clone()>
            <td>{r.username.clone()}</td>
            <td>{r.name.clone()}</td>
            <td>{r.role_label.clone()}</td>
            <td>{if enabled {
                view! { <span class="badge badge-green">"启用"</span> }
            } else {
                view! { <span class="badge badge-grey">"已停用"</span> }
            }}</td>
            <td>{if r.must_change_password { "待本人修改" } else { "已设置" }}</td>
            <td>{r.created_at.clone()}</td>
            <td class="actions">
                <button type="button" class="btn small" on:click=move |_| {
                    if enabled {
                        ask.set(Some(PendingConfirm {
                            message: format!("确定停用工作人员“{name}”吗？停用后其立即退出登录，不能再登录。"),
                            confirm_label: "停用",
                            on_confirm: Callback::new(move |_| { toggle.dispatch(SetOfficerEnabled { id, enabled: false }); }),
                        }));
                    } else {
                        toggle.dispatch(SetOfficerEnabled { id, enabled: true });
                    }
                }>{if enabled { "停用" } else { "启用" }}</button>
                <button type="button" class="btn small" on:click=move |_| resetting.set(Some((id, name2.clone())))>"重置密码"</button>
            </td>
        </tr>
    }
}

#[component]
fn AddOfficerDialog(open: RwSignal<bool>, org_id: Signal<i64>, on_saved: Callback<String>) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let id_number = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let create = server_call::<CreateOfficer>();
    Effect::new(move |_| {
        if open.get() {
            for f in [username, name, password, confirm, id_number] {
                f.set(String::new());
            }
            errors.set(None);
        }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(r)) => {
            open.set(false);
            on_saved.run(format!("已新增工作人员“{}”，登录名 {}，请将初始密码告知本人", r.name, r.username));
        }
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.set(None);
        create.dispatch(CreateOfficer {
            input: NewOfficerInput {
                org_id: org_id.get_untracked(),
                username: username.get_untracked(),
                name: name.get_untracked(),
                password: password.get_untracked(),
                password_confirm: confirm.get_untracked(),
                id_number: id_number.get_untracked(),
            },
        });
    };
    view! {
        <Dialog open=open title="新增工作人员">
            <form class="form" on:submit=on_submit novalidate>
                <Banner message=Signal::derive(move || errors.general(&["username", "name", "id_number", "password", "password_confirm"]))/>
                <TextField label="登录名" name="username" value=username errors=errors required=true maxlength=32
                    hint="4至32位英文字母、数字或 _ . @ -，用于管理端登录"/>
                <TextField label="姓名" name="name" value=name errors=errors required=true maxlength=30/>
                <TextField label="证件号码" name="id_number" value=id_number errors=errors maxlength=18
                    hint="可不填；填写后该工作人员不能审核本人的申报"/>
                <TextField label="初始密码" name="password" value=password errors=errors required=true input_type="password"
                    autocomplete="new-password" maxlength=32 hint=RULE_HINT/>
                <TextField label="确认密码" name="password_confirm" value=confirm errors=errors required=true
                    input_type="password" autocomplete="new-password" maxlength=32/>
                <div class="form-actions">
                    <button type="button" class="btn" on:click=move |_| open.set(false)>"取消"</button>
                    <SubmitButton label="保存" pending=create.pending()/>
                </div>
            </form>
        </Dialog>
    }
}

#[component]
fn ResetDialog(resetting: RwSignal<Option<(Uuid, String)>>, on_saved: Callback<String>) -> impl IntoView {
    let open = RwSignal::new(false);
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let reset = server_call::<ResetOfficerPassword>();
    Effect::new(move |_| {
        let asking = resetting.with(Option::is_some);
        if asking {
            password.set(String::new());
            confirm.set(String::new());
            errors.set(None);
        }
        if open.get_untracked() != asking {
            open.set(asking);
        }
    });
    Effect::new(move |_| {
        if !open.get() && resetting.with_untracked(Option::is_some) {
            resetting.set(None);
        }
    });
    Effect::new(move |_| match reset.value().get() {
        Some(Ok(())) => {
            let who = resetting.get_untracked().map(|(_, n)| n).unwrap_or_default();
            resetting.set(None);
            on_saved.run(format!("已重置“{who}”的密码，其下次登录时须修改密码"));
        }
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.set(None);
        if let Some((id, _)) = resetting.get_untracked() {
            reset.dispatch(ResetOfficerPassword {
                input: ResetPasswordInput {
                    id,
                    password: password.get_untracked(),
                    password_confirm: confirm.get_untracked(),
                },
            });
        }
    };
    view! {
        <Dialog open=open title="重置密码">
            <form class="form" on:submit=on_submit novalidate>
                <p class="muted">{move || resetting.get().map(|(_, n)| format!("为“{n}”设置新的初始密码，其现有登录将立即失效。"))}</p>
                <Banner message=Signal::derive(move || errors.general(&["password", "password_confirm"]))/>
                <TextField label="新初始密码" name="password" value=password errors=errors required=true input_type="password"
                    autocomplete="new-password" maxlength=32 hint=RULE_HINT/>
                <TextField label="确认密码" name="password_confirm" value=confirm errors=errors required=true
                    input_type="password" autocomplete="new-password" maxlength=32/>
                <div class="form-actions">
                    <button type="button" class="btn" on:click=move |_| resetting.set(None)>"取消"</button>
                    <SubmitButton label="确定" pending=reset.pending()/>
                </div>
            </form>
        </Dialog>
    }
}
