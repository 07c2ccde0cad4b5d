//! The 单位 field of the manual: type a keyword, pick from the dropdown.

use super::form::FormErrors;
use crate::units::api::search_units;
use crate::units::UnitOption;
use leptos::prelude::*;

/// Binds `selected` to the unit chosen from the suggestions (typing again
/// clears it: only a picked unit counts).
///
/// ```ignore
/// let unit = RwSignal::new(None::<UnitOption>);
/// view! { <UnitPicker selected=unit errors=errors/> }
/// ```
#[component]
pub fn UnitPicker(
    selected: RwSignal<Option<UnitOption>>,
    errors: FormErrors,
    #[prop(default = "单 位")] label: &'static str,
    #[prop(default = "unit")] name: &'static str,
    #[prop(default = "请输入单位名称关键字，并从弹出的下拉列表中选择。")] placeholder: &'static str,
    /// Marks the label with the required star (forms other than sign-in).
    #[prop(optional)]
    required: bool,
) -> impl IntoView {
    let id = format!("f-{name}");
    let list_id = format!("{id}-list");
    let text = RwSignal::new(selected.get_untracked().map(|u| u.name).unwrap_or_default());
    let open = RwSignal::new(false);
    let active = RwSignal::new(0usize);
    // Suggestions are plain signals filled by a request, not a resource: a
    // resource read here would suspend whatever `<Suspense>` holds the
    // picker, re-rendering the form (and losing focus) on every keystroke.
    let found = RwSignal::new(Vec::<UnitOption>::new());
    // Whether an answer for the text now in the field has arrived.
    let answered = RwSignal::new(false);
    // Only the newest keystroke's search may fill the list.
    let latest = StoredValue::new(0u64);
    let search = move |keyword: String| {
        let n = latest.get_value() + 1;
        latest.set_value(n);
        answered.set(false);
        if keyword.trim().chars().count() < 2 {
            found.set(Vec::new());
            return;
        }
        // A short pause first: text arriving word by word (an input method)
        // asks once, not once per key.
        set_timeout(
            move || {
                if latest.get_value() != n {
                    return;
                }
                leptos::task::spawn_local(async move {
                    let result = search_units(keyword).await.unwrap_or_default();
                    if latest.get_value() == n {
                        found.set(result);
                        answered.set(true);
                    }
                });
            },
            std::time::Duration::from_millis(150),
        );
    };
    let items = move || found.get();
    let choose = move |u: UnitOption| {
        text.set(u.name.clone());
        selected.set(Some(u));
        open.set(false);
        errors.clear(name);
    };
    let err = move || errors.field(name);
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let list = items();
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                open.set(true);
                if !list.is_empty() {
                    active.set((active.get_untracked() + 1) % list.len());
                }
            }
            "ArrowUp" => {
                ev.prevent_default();
                if !list.is_empty() {
                    active.set((active.get_untracked() + list.len() - 1) % list.len());
                }
            }
            "Enter" if open.get_untracked() && !list.is_empty() => {
                ev.prevent_default();
                if let Some(u) = list.get(active.get_untracked()).cloned() {
                    choose(u);
                }
            }
            "Escape" => open.set(false),
            _ => {}
        }
    };
    view! {
        <div class="field unit-picker" class:required=required class:has-error=move || err().is_some()>
            <label for=id.clone()>{label}</label>
            <div class="field-body">
                <div class="combo">
                    <input
                        id=id.clone()
                        name=name
                        type="text"
                        role="combobox"
                        autocomplete="off"
                        placeholder=placeholder
                        aria-autocomplete="list"
                        aria-controls=list_id.clone()
                        aria-expanded=move || (open.get() && !items().is_empty()).to_string()
                        aria-invalid=move || err().is_some().to_string()
                        prop:value=move || text.get()
                        on:input=move |ev| {
                            let typed = event_target_value(&ev);
                            text.set(typed.clone());
                            search(typed);
                            selected.set(None);
                            active.set(0);
                            open.set(true);
                            errors.clear(name);
                        }
                        on:focus=move |_| open.set(true)
                        on:blur=move |_| {
                            // Leave time for a click on a suggestion to land.
                            set_timeout(move || open.set(false), std::time::Duration::from_millis(200));
                        }
                        on:keydown=on_keydown
                    />
                    <Show when=move || open.get() && !items().is_empty()>
                        <ul class="combo-list" role="listbox" id=list_id.clone()>
                            {move || items().into_iter().enumerate().map(|(i, u)| {
                                let pick = u.clone();
                                view! {
                                    <li
                                        role="option"
                                        class:active=move || active.get() == i
                                        aria-selected=move || (active.get() == i).to_string()
                                        on:mousedown=move |ev| {
                                            ev.prevent_default();
                                            choose(pick.clone());
                                        }
                                    >
                                        {u.name.clone()}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </Show>
                    <Show when=move || { open.get() && answered.get() && found.with(Vec::is_empty) && selected.get().is_none() }>
                        <p class="combo-empty">"没有找到该单位。如本单位尚未注册，请联系单位负责人注册单位账户。"</p>
                    </Show>
                </div>
                {move || err().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </div>
        </div>
    }
}
