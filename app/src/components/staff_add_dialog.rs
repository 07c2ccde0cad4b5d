//! 新增工作人员, the dialog of 单位注册 and of the unit's 工作人员 page.

use super::call::server_call;
use super::dialog::Dialog;
use crate::units::api::LookupStaffCandidate;
use crate::units::{StaffCandidate, STAFF_NEEDS_ACCOUNT};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

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
    let lookup = server_call::<LookupStaffCandidate>();
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
