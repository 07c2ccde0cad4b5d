//! The dialog every dictionary entry is added and renamed with: a few
//! text fields (some only when adding), field-level errors, 取消 and 保存.

use crate::components::{Banner, Dialog, FormErrors, SubmitButton, TextField};
use crate::dictionaries::MAX_NAME;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// One text field of the dialog.
#[derive(Clone, Copy)]
pub struct Entry {
    pub label: &'static str,
    pub name: &'static str,
    pub value: RwSignal<String>,
    pub placeholder: &'static str,
    /// Shown only while this is true (a code is typed only when adding).
    pub shown: Signal<bool>,
}

impl Entry {
    pub fn new(label: &'static str, name: &'static str, value: RwSignal<String>, placeholder: &'static str) -> Self {
        Self { label, name, value, placeholder, shown: Signal::stored(true) }
    }
    pub fn shown_when(self, shown: Signal<bool>) -> Self {
        Self { shown, ..self }
    }
}

/// The dialog: `open` shows it; `on_submit` dispatches the save, whose
/// errors the caller puts in `errors` (and closes `open` on success).
#[component]
pub fn EntryDialog(
    open: RwSignal<bool>,
    title: &'static str,
    #[prop(into)] note: Signal<String>,
    entries: Vec<Entry>,
    errors: FormErrors,
    #[prop(into)] pending: Signal<bool>,
    on_submit: Callback<()>,
    /// Fields other than text (a select), shown before the text fields…
    #[prop(optional)]
    children: Option<ChildrenFn>,
    /// …and their names, whose errors they show themselves.
    #[prop(optional)]
    other_fields: &'static [&'static str],
) -> impl IntoView {
    let names: StoredValue<Vec<&'static str>> =
        StoredValue::new(entries.iter().map(|e| e.name).chain(other_fields.iter().copied()).collect());
    let entries = StoredValue::new(entries);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.set(None);
        on_submit.run(());
    };
    let fields = move || {
        entries.with_value(|list| {
            list.iter()
                .copied()
                .map(|e| {
                    view! {
                        <Show when=move || e.shown.get()>
                            <TextField label=e.label name=e.name value=e.value errors=errors required=true
                                maxlength=MAX_NAME as u32 placeholder=e.placeholder/>
                        </Show>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <Dialog open=open title=title>
            <form class="form" on:submit=submit novalidate>
                <p class="muted">{move || note.get()}</p>
                <Banner message=Signal::derive(move || names.with_value(|n| errors.general(n)))/>
                {children.as_ref().map(|c| c())}
                {fields}
                <div class="form-actions">
                    <button type="button" class="btn" on:click=move |_| open.set(false)>"取消"</button>
                    <SubmitButton label="保存" pending=pending/>
                </div>
            </form>
        </Dialog>
    }
}

/// 启用 / 已停用, as every dictionary list shows it.
pub fn state_badge(enabled: bool) -> AnyView {
    if enabled {
        view! { <span class="badge badge-green">"启用"</span> }.into_any()
    } else {
        view! { <span class="badge badge-grey">"已停用"</span> }.into_any()
    }
}
