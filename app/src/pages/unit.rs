//! The unit account's pages — only 组织机构管理, as the manual's 注意事项 1
//! says: 账户信息, 单位信息, 更名记录, 联系人信息, and the 工作人员 list.

use crate::accounts::{CurrentUser, Role};
use crate::components::{
    Banner, ConfirmDialog, Dialog, FilePreview, FileUpload, FormErrors, MenuItem, PendingConfirm, RequireRole,
    SelectField, SideMenu, SubmitButton, TextField,
};
use crate::domain::region::GUANGXI;
use crate::domain::unit_kind::INDUSTRIES;
use crate::domain::UnitKind;
use crate::error::AppError;
use crate::units::api::*;
use crate::units::{
    ContactInput, ContactRow, StaffCandidate, UnitProfile, UnitStatus, UpdateUnitInput, STAFF_NEEDS_ACCOUNT,
};
use crate::uploads::{FileRef, PURPOSE_LICENCE};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

// ------------------------------------------------------------ shared fields

/// 单位类型, with the licence each kind uploads shown beneath.
#[component]
pub fn UnitKindSelect(value: RwSignal<String>, errors: FormErrors) -> impl IntoView {
    let options = UnitKind::ALL.iter().map(|k| (k.label().to_string(), k.label().to_string())).collect();
    view! {
        <SelectField label="单位类型" name="kind" value=value errors=errors required=true placeholder="请选择" options=options/>
        {move || UnitKind::from_label(&value.get()).map(|k| view! {
            <p class="form-note" data-testid="licence-hint">"营业执照类型：" {k.licence()}</p>
        })}
    }
}

#[component]
pub fn IndustrySelect(value: RwSignal<String>, errors: FormErrors) -> impl IntoView {
    let options = INDUSTRIES.iter().map(|(c, n)| (c.to_string(), format!("{c} {n}"))).collect();
    view! { <SelectField label="单位行业" name="industry" value=value errors=errors required=true placeholder="请选择" options=options/> }
}

/// 单位所在地: a city, then a county of it (or 市本级).
#[component]
pub fn RegionSelect(value: RwSignal<String>, errors: FormErrors) -> impl IntoView {
    let city = RwSignal::new(crate::domain::region::city_of(&value.get_untracked()).unwrap_or("").to_string());
    let err = move || errors.field("region_code");
    let counties = move || GUANGXI.iter().find(|(c, _, _)| *c == city.get()).map(|(c, _, list)| (*c, *list));
    view! {
        <div class="field required" class:has-error=move || err().is_some()>
            <label for="f-region_city">"单位所在地"</label>
            <div class="field-body">
                <div class="select-row">
                    <select id="f-region_city" aria-label="所在城市" on:change=move |ev| {
                        let c = event_target_value(&ev);
                        value.set(c.clone());
                        city.set(c);
                        errors.clear("region_code");
                    }>
                        <option value="" selected=move || city.get().is_empty()>"请选择城市"</option>
                        {GUANGXI.iter().map(|(c, n, _)| {
                            let code = c.to_string();
                            view! { <option value=*c selected=move || city.get() == code>{*n}</option> }
                        }).collect_view()}
                    </select>
                    <select id="f-region_code" name="region_code" aria-label="所在区县" on:change=move |ev| {
                        value.set(event_target_value(&ev));
                        errors.clear("region_code");
                    }>
                        {move || counties().map(|(c, list)| {
                            let city_code = c.to_string();
                            view! {
                                <option value=c selected=move || value.get() == city_code>"市本级"</option>
                                {list.iter().map(|(code, n)| {
                                    let code_s = code.to_string();
                                    view! { <option value=*code selected=move || value.get() == code_s>{*n}</option> }
                                }).collect_view()}
                            }
                        })}
                    </select>
                </div>
                {move || err().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </div>
        </div>
    }
}

/// 新增工作人员: type a 身份证号, press Q (查询), see the person masked,
/// then 添加; 清空 starts over. `on_add` decides what adding means.
/// Without `lookup` (单位注册, before any review) Q only checks the number:
/// nobody may learn from an anonymous form who is registered.
#[component]
pub fn StaffAddDialog(
    open: RwSignal<bool>,
    on_add: Callback<StaffCandidate>,
    add_error: RwSignal<Option<String>>,
    #[prop(default = true)] lookup: bool,
) -> impl IntoView {
    let by_server = lookup;
    let hydrated = crate::components::form::Hydrated::get();
    let id_number = RwSignal::new(String::new());
    let found = RwSignal::new(None::<StaffCandidate>);
    let lookup_error = RwSignal::new(None::<String>);
    let lookup = ServerAction::<LookupStaffCandidate>::new();
    Effect::new(move |_| match lookup.value().get() {
        Some(Ok(c)) => {
            found.set(Some(c));
            lookup_error.set(None);
        }
        Some(Err(e)) => {
            found.set(None);
            // The error's text already joins the messages of every field.
            lookup_error.set(Some(e.to_string()));
        }
        None => {}
    });
    // A fresh dialog each time it opens.
    Effect::new(move |_| {
        if open.get() {
            id_number.set(String::new());
            found.set(None);
            lookup_error.set(None);
        }
    });
    let lookup_action = lookup;
    let query = move || {
        add_error.set(None);
        if by_server {
            lookup_action.dispatch(LookupStaffCandidate { id_number: id_number.get_untracked() });
            return;
        }
        let typed = id_number.get_untracked().trim().to_ascii_uppercase();
        let well_formed = typed.len() == 18
            && typed.bytes().take(17).all(|b| b.is_ascii_digit())
            && typed.ends_with(crate::domain::id_number::check_char(&typed.as_bytes()[..17]));
        if well_formed {
            lookup_error.set(None);
            found.set(Some(StaffCandidate {
                name: crate::domain::mask::id_number(&typed),
                id_number: typed,
                phone: String::new(),
                email: String::new(),
            }));
        } else {
            found.set(None);
            lookup_error.set(Some("身份证号码不正确，请核对后重新输入".into()));
        }
    };
    view! {
        <Dialog open=open title="新增工作人员">
            <p class="dialog-hint">"请输入身份证号码，点击“Q”查询！"</p>
            <form method="post" class="search-row" on:submit=move |ev: SubmitEvent| {
                ev.prevent_default();
                query();
            }>
                <input type="text" aria-label="身份证号码" placeholder="请输入身份证号码" maxlength="18"
                    prop:value=move || id_number.get()
                    on:input=move |ev| id_number.set(event_target_value(&ev))/>
                <button type="submit" class="btn" aria-label="查询" title="查询" disabled=move || lookup.pending().get() || !hydrated.get()>"Q"</button>
            </form>
            {move || lookup_error.get().or_else(|| add_error.get()).map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            {if by_server {
                view! {
                    <table class="table compact">
                        <thead><tr><th>"工作人员姓名"</th><th>"联系手机"</th><th>"邮箱"</th></tr></thead>
                        <tbody>
                            {move || match found.get() {
                                Some(c) => view! { <tr><td>{c.name}</td><td>{c.phone}</td><td>{c.email}</td></tr> }.into_any(),
                                None => view! { <tr><td colspan="3" class="muted">"请先查询"</td></tr> }.into_any(),
                            }}
                        </tbody>
                    </table>
                }.into_any()
            } else {
                view! {
                    <table class="table compact">
                        <thead><tr><th>"身份证号码"</th></tr></thead>
                        <tbody>
                            {move || match found.get() {
                                Some(c) => view! { <tr><td>{c.name}</td></tr> }.into_any(),
                                None => view! { <tr><td class="muted">"请先查询"</td></tr> }.into_any(),
                            }}
                        </tbody>
                    </table>
                    <p class="field-hint">"单位通过职改办审核后，已注册个人账户的工作人员将显示在“工作人员”中。"</p>
                }.into_any()
            }}
            <p class="field-hint">{STAFF_NEEDS_ACCOUNT} "。"</p>
            <div class="dialog-actions">
                <button type="button" class="btn" on:click=move |_| {
                    id_number.set(String::new());
                    found.set(None);
                    lookup_error.set(None);
                    add_error.set(None);
                }>"清空"</button>
                <button type="button" class="btn btn-primary" disabled=move || found.with(Option::is_none) on:click=move |_| {
                    if let Some(c) = found.get_untracked() {
                        on_add.run(c);
                    }
                }>"添加"</button>
            </div>
        </Dialog>
    }
}

// ------------------------------------------------------------------- frame

fn menu() -> Vec<MenuItem> {
    vec![
        MenuItem { label: "账户信息", href: "/unit", count: None },
        MenuItem { label: "单位信息", href: "/unit/info", count: None },
        MenuItem { label: "更名记录", href: "/unit/renames", count: None },
        MenuItem { label: "联系人信息", href: "/unit/contacts", count: None },
        MenuItem { label: "工作人员", href: "/unit/staff", count: None },
    ]
}

/// The unit's area: 组织机构管理 menu and the page.
#[component]
fn UnitArea(children: ChildrenFn) -> impl IntoView {
    let children = StoredValue::new(children);
    view! {
        <RequireRole roles=&[Role::Unit] children=move |_user: CurrentUser| view! {
            <div class="area">
                <div>
                    <p class="menu-title">"组织机构管理"</p>
                    <SideMenu items=menu()/>
                </div>
                <div class="area-content">{children.with_value(|c| c())}</div>
            </div>
        }.into_any()/>
    }
}

/// Why a unit cannot receive declarations yet, and a change waiting for
/// (or returned by) the 职改办.
#[component]
fn StatusBanner(profile: UnitProfile) -> impl IntoView {
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

fn unit_profile_resource() -> Resource<Result<UnitProfile, AppError>> {
    Resource::new(|| (), |_| load_unit_profile())
}

// ------------------------------------------------------------ 账户信息

#[component]
pub fn UnitAccountPage() -> impl IntoView {
    view! { <UnitArea><UnitAccount/></UnitArea> }
}

#[component]
fn UnitAccount() -> impl IntoView {
    let profile = unit_profile_resource();
    view! {
        <Suspense fallback=|| view! { <p class="loading">"加载中…"</p> }>
            {move || profile.get().map(|p| match p {
                Ok(p) => view! {
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
                }.into_any(),
                Err(e) => view! { <div class="banner banner-error" role="alert">{e.to_string()}</div> }.into_any(),
            })}
        </Suspense>
    }
}

// ------------------------------------------------------------ 单位信息

#[component]
pub fn UnitInfoPage() -> impl IntoView {
    view! { <UnitArea><UnitInfo/></UnitArea> }
}

#[component]
fn UnitInfo() -> impl IntoView {
    let profile = unit_profile_resource();
    let password_open = RwSignal::new(false);
    view! {
        <Suspense fallback=|| view! { <p class="loading">"加载中…"</p> }>
            {move || profile.get().map(|p| match p {
                Ok(p) => view! {
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
                }.into_any(),
                Err(e) => view! { <div class="banner banner-error" role="alert">{e.to_string()}</div> }.into_any(),
            })}
        </Suspense>
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
    let action = ServerAction::<UpdateUnitInfo>::new();
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
                <IndustrySelect value=industry errors=errors/>
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
            <super::person::ChangePasswordForm on_cancel=Callback::new(move |_| open.set(false)) done_message="单位密码已修改"/>
        </Dialog>
    }
}

// ------------------------------------------------------------ 更名记录

#[component]
pub fn UnitRenamesPage() -> impl IntoView {
    let rows = Resource::new(|| (), |_| list_unit_renames());
    view! {
        <UnitArea>
            <section class="card">
                <h2>"更名记录"</h2>
                <Suspense fallback=|| view! { <p class="loading">"加载中…"</p> }>
                    {move || rows.get().map(|r| match r {
                        Ok(rows) if rows.is_empty() => view! { <p class="empty">"暂无更名记录"</p> }.into_any(),
                        Ok(rows) => view! {
                            <table class="table">
                                <thead><tr><th>"原单位名称"</th><th>"新单位名称"</th><th>"更名时间"</th><th>"操作人"</th></tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|r| view! {
                                        <tr><td>{r.old_name}</td><td>{r.new_name}</td><td>{r.changed_at}</td><td>{r.changed_by}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                        Err(e) => view! { <div class="banner banner-error" role="alert">{e.to_string()}</div> }.into_any(),
                    })}
                </Suspense>
            </section>
        </UnitArea>
    }
}

// ------------------------------------------------------------ 联系人信息

#[component]
pub fn UnitContactsPage() -> impl IntoView {
    view! { <UnitArea><UnitContacts/></UnitArea> }
}

#[component]
fn UnitContacts() -> impl IntoView {
    let rows = RwSignal::new(None::<Result<Vec<ContactRow>, AppError>>);
    let initial = Resource::new(|| (), |_| list_unit_contacts());
    let editing = RwSignal::new(None::<ContactInput>);
    let dialog_open = RwSignal::new(false);
    let ask = RwSignal::new(None::<PendingConfirm>);
    let remove = ServerAction::<RemoveUnitContact>::new();
    let message = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(r) = remove.value().get() {
            match r {
                Ok(list) => rows.set(Some(Ok(list))),
                Err(e) => message.set(Some(e.to_string())),
            }
        }
    });
    let shown = move || rows.get().or_else(|| initial.get());
    view! {
        <section class="card">
            <div class="card-head">
                <h2>"联系人信息"</h2>
                <button type="button" class="btn btn-primary" on:click=move |_| {
                    editing.set(Some(ContactInput::default()));
                    dialog_open.set(true);
                }>"新增联系人"</button>
            </div>
            <Banner message=message/>
            <Suspense fallback=|| view! { <p class="loading">"加载中…"</p> }>
                {move || shown().map(|r| match r {
                    Ok(list) if list.is_empty() => view! { <p class="empty">"暂无联系人，请点击“新增联系人”添加"</p> }.into_any(),
                    Ok(list) => view! {
                        <table class="table">
                            <thead><tr><th>"联系人姓名"</th><th>"联系电话"</th><th>"邮箱"</th><th>"操作"</th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|c| {
                                    let edit = ContactInput { id: Some(c.id), name: c.name.clone(), phone: c.phone.clone(), email: c.email.clone() };
                                    let (id, name) = (c.id, c.name.clone());
                                    view! {
                                        <tr>
                                            <td>{c.name}</td><td>{c.phone}</td><td>{c.email}</td>
                                            <td class="actions">
                                                <button type="button" class="link" on:click=move |_| {
                                                    editing.set(Some(edit.clone()));
                                                    dialog_open.set(true);
                                                }>"编辑"</button>
                                                <button type="button" class="link danger" on:click=move |_| ask.set(Some(PendingConfirm {
                                                    message: format!("确定删除联系人“{name}”吗？"),
                                                    confirm_label: "删除",
                                                    on_confirm: Callback::new(move |_| { remove.dispatch(RemoveUnitContact { id }); }),
                                                }))>"删除"</button>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(e) => view! { <div class="banner banner-error" role="alert">{e.to_string()}</div> }.into_any(),
                })}
            </Suspense>
        </section>
        <ContactDialog open=dialog_open editing=editing on_saved=Callback::new(move |list| rows.set(Some(Ok(list))))/>
        <ConfirmDialog state=ask/>
    }
}

#[component]
fn ContactDialog(
    open: RwSignal<bool>,
    editing: RwSignal<Option<ContactInput>>,
    on_saved: Callback<Vec<ContactRow>>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let save = ServerAction::<SaveUnitContact>::new();
    Effect::new(move |_| {
        if let Some(c) = editing.get() {
            name.set(c.name);
            phone.set(c.phone);
            email.set(c.email);
            errors.set(None);
        }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(list)) => {
            on_saved.run(list);
            open.set(false);
        }
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });
    view! {
        <Dialog open=open title="联系人">
            <form method="post" class="form" novalidate on:submit=move |ev: SubmitEvent| {
                ev.prevent_default();
                errors.set(None);
                save.dispatch(SaveUnitContact { input: ContactInput {
                    id: editing.get_untracked().and_then(|c| c.id),
                    name: name.get_untracked(),
                    phone: phone.get_untracked(),
                    email: email.get_untracked(),
                }});
            }>
                <Banner message=Signal::derive(move || errors.general(&["contact_name", "contact_phone", "contact_email"]))/>
                <TextField label="联系人姓名" name="contact_name" value=name errors=errors required=true maxlength=30/>
                <TextField label="联系电话" name="contact_phone" value=phone errors=errors required=true maxlength=11 input_type="tel"/>
                <TextField label="邮箱" name="contact_email" value=email errors=errors required=true maxlength=100 input_type="email"/>
                <div class="dialog-actions">
                    <button type="button" class="btn" on:click=move |_| open.set(false)>"取消"</button>
                    <SubmitButton label="保存" pending=save.pending()/>
                </div>
            </form>
        </Dialog>
    }
}

// ------------------------------------------------------------ 工作人员

#[component]
pub fn UnitStaffPage() -> impl IntoView {
    view! { <UnitArea><UnitStaff/></UnitArea> }
}

#[component]
fn UnitStaff() -> impl IntoView {
    let initial = Resource::new(|| (), |_| list_unit_staff());
    let rows = RwSignal::new(None::<Result<Vec<crate::units::StaffRow>, AppError>>);
    let shown = move || rows.get().or_else(|| initial.get());
    let message = RwSignal::new(None::<String>);
    let ask = RwSignal::new(None::<PendingConfirm>);
    let toggle = ServerAction::<SetUnitStaffEnabled>::new();
    let remove = ServerAction::<RemoveUnitStaff>::new();
    let add = ServerAction::<AddUnitStaff>::new();
    let dialog_open = RwSignal::new(false);
    let add_error = RwSignal::new(None::<String>);
    for value in [toggle.value(), remove.value()] {
        Effect::new(move |_| match value.get() {
            Some(Ok(list)) => {
                rows.set(Some(Ok(list)));
                message.set(None);
            }
            Some(Err(e)) => message.set(Some(e.to_string())),
            None => {}
        });
    }
    Effect::new(move |_| match add.value().get() {
        Some(Ok(list)) => {
            rows.set(Some(Ok(list)));
            dialog_open.set(false);
        }
        Some(Err(e)) => add_error.set(Some(e.to_string())),
        None => {}
    });
    let on_add = Callback::new(move |c: StaffCandidate| {
        add.dispatch(AddUnitStaff { id_number: c.id_number });
    });
    view! {
        <section class="card">
            <div class="card-head">
                <h2>"工作人员"</h2>
                <button type="button" class="btn btn-primary" on:click=move |_| {
                    add_error.set(None);
                    dialog_open.set(true);
                }>"新增工作人员"</button>
            </div>
            <p class="muted">"工作人员使用本人个人账户，经“单位工作人员登录”处理本单位的职称申报。停用或删除后立即不能登录。"</p>
            <Banner message=message/>
            <Suspense fallback=|| view! { <p class="loading">"加载中…"</p> }>
                {move || shown().map(|r| match r {
                    Ok(list) if list.is_empty() => view! { <p class="empty">"暂无工作人员，请点击“新增工作人员”添加"</p> }.into_any(),
                    Ok(list) => view! {
                        <table class="table">
                            <thead><tr><th>"工作人员姓名"</th><th>"联系电话"</th><th>"邮箱"</th><th>"是否启用"</th><th>"操作"</th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|s| {
                                    let (id, name, enabled) = (s.id, s.name.clone(), s.enabled);
                                    let name2 = name.clone();
                                    view! {
                                        <tr>
                                            <td>{s.name}</td><td>{s.phone}</td><td>{s.email}</td>
                                            <td>{if enabled { "是" } else { "否" }}</td>
                                            <td class="actions">
                                                <button type="button" class="btn small" on:click=move |_| {
                                                    if enabled {
                                                        ask.set(Some(PendingConfirm {
                                                            message: format!("确定停用工作人员“{name}”吗？停用后其不能再登录本单位。"),
                                                            confirm_label: "停用",
                                                            on_confirm: Callback::new(move |_| { toggle.dispatch(SetUnitStaffEnabled { id, enabled: false }); }),
                                                        }));
                                                    } else {
                                                        toggle.dispatch(SetUnitStaffEnabled { id, enabled: true });
                                                    }
                                                }>{if enabled { "停用" } else { "启用" }}</button>
                                                <button type="button" class="btn small btn-danger" on:click=move |_| ask.set(Some(PendingConfirm {
                                                    message: format!("确定删除工作人员“{name2}”吗？"),
                                                    confirm_label: "删除",
                                                    on_confirm: Callback::new(move |_| { remove.dispatch(RemoveUnitStaff { id }); }),
                                                }))>"删除"</button>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(e) => view! { <div class="banner banner-error" role="alert">{e.to_string()}</div> }.into_any(),
                })}
            </Suspense>
        </section>
        <StaffAddDialog open=dialog_open on_add=on_add add_error=add_error/>
        <ConfirmDialog state=ask/>
    }
}
