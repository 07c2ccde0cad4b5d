//! A modal dialog and a confirmation for destructive actions.

use leptos::prelude::*;

/// A modal dialog shown while `open` is true; Escape, the × and a click
/// outside close it.
///
/// ```ignore
/// let open = RwSignal::new(false);
/// view! { <Dialog open=open title="新增工作人员"><p>"…"</p></Dialog> }
/// ```
#[component]
pub fn Dialog(open: RwSignal<bool>, #[prop(into)] title: String, children: ChildrenFn) -> impl IntoView {
    let title_id = format!("dlg-{}", title.len());
    view! {
        <Show when=move || open.get()>
            <div class="dialog-backdrop" on:click=move |_| open.set(false)>
                <div
                    class="dialog"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby=title_id.clone()
                    on:click=|ev| ev.stop_propagation()
                    on:keydown=move |ev| {
                        if ev.key() == "Escape" {
                            open.set(false);
                        }
                    }
                >
                    <div class="dialog-head">
                        <h2 id=title_id.clone()>{title.clone()}</h2>
                        <button type="button" class="dialog-close" aria-label="关闭" on:click=move |_| open.set(false)>"×"</button>
                    </div>
                    <div class="dialog-body">{children()}</div>
                </div>
            </div>
        </Show>
    }
}

/// A question waiting for 确定 or 取消.
#[derive(Clone)]
pub struct PendingConfirm {
    pub message: String,
    pub confirm_label: &'static str,
    pub on_confirm: Callback<()>,
}

/// Asks before a destructive action (删除, 停用, 退回…).
///
/// ```ignore
/// let ask = RwSignal::new(None::<PendingConfirm>);
/// ask.set(Some(PendingConfirm { message: "确定删除？".into(), confirm_label: "删除", on_confirm: Callback::new(move |_| remove()) }));
/// view! { <ConfirmDialog state=ask/> }
/// ```
#[component]
pub fn ConfirmDialog(state: RwSignal<Option<PendingConfirm>>) -> impl IntoView {
    let open = RwSignal::new(false);
    // Two signals kept in step; each write only when it changes something,
    // or the two effects would wake each other forever.
    Effect::new(move |_| {
        let asking = state.with(Option::is_some);
        if open.get_untracked() != asking {
            open.set(asking);
        }
    });
    Effect::new(move |_| {
        if !open.get() && state.with_untracked(Option::is_some) {
            state.set(None);
        }
    });
    view! {
        <Dialog open=open title="请确认">
            {move || state.get().map(|p| {
                let on_confirm = p.on_confirm;
                view! {
                    <p class="confirm-message">{p.message.clone()}</p>
                    <div class="dialog-actions">
                        <button type="button" class="btn" on:click=move |_| state.set(None)>"取消"</button>
                        <button type="button" class="btn btn-danger" on:click=move |_| {
                            state.set(None);
                            on_confirm.run(());
                        }>{p.confirm_label}</button>
                    </div>
                }
            })}
        </Dialog>
    }
}
