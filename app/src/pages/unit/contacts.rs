//! 联系人信息 (`/unit/contacts`): the list, and its add/edit dialog.

use super::frame::UnitArea;
use crate::components::server_call;
use crate::components::{
    Banner, ConfirmDialog, DataTable, Dialog, FormErrors, Loaded, PendingConfirm, SubmitButton, TextField,
};
use crate::units::api::{list_unit_contacts, RemoveUnitContact, SaveUnitContact};
use crate::units::{ContactInput, ContactRow};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub fn UnitContactsPage() -> impl IntoView {
    view! { <UnitArea><UnitContacts/></UnitArea> }
}

#[component]
fn UnitContacts() -> impl IntoView {
    // Every change answers with the new list, shown in place of the loaded one.
    let contacts = Resource::new(|| (), |_| list_unit_contacts());
    let editing = RwSignal::new(None::<ContactInput>);
    let dialog_open = RwSignal::new(false);
    let ask = RwSignal::new(None::<PendingConfirm>);
    let remove = server_call::<RemoveUnitContact>();
    let message = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(r) = remove.value().get() {
            match r {
                Ok(list) => contacts.set(Some(Ok(list))),
                Err(e) => message.set(Some(e.to_string())),
            }
        }
    });
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
            <Loaded resource=contacts let:list>
                <DataTable columns=&["联系人姓名", "联系电话", "邮箱", "操作"] rows=list empty="暂无联系人，请点击“新增联系人”添加"
                    row=move |c: ContactRow| {
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
                    }/>
            </Loaded>
        </section>
        <ContactDialog open=dialog_open editing=editing on_saved=Callback::new(move |list| contacts.set(Some(Ok(list))))/>
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
    let save = server_call::<SaveUnitContact>();
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
