//! The applicant's whole 证件号码 and phone, for a reviewer who asks: the
//! page shows them masked; this button fetches them once (the server
//! checks the caller reviews this declaration and writes the look to the
//! audit log).
//!
//! ```ignore
//! view! { <IdentityReveal id=detail.id/> }
//! ```

use crate::declarations::api::reveal_identity;
use leptos::prelude::*;

#[component]
pub fn IdentityReveal(id: uuid::Uuid) -> impl IntoView {
    let reveal = Action::new(move |_: &()| reveal_identity(id));
    let answer = reveal.value();
    view! {
        <span class="identity-reveal">
            {move || match answer.get() {
                Some(Ok(who)) => view! {
                    <span class="identity-whole" data-testid="identity-whole">
                        "证件号码：" {who.id_number} " 手机号码：" {who.phone}
                    </span>
                }.into_any(),
                Some(Err(e)) => view! { <span class="field-error" role="alert">{e.to_string()}</span> }.into_any(),
                None => view! {
                    <button type="button" class="btn link" disabled=move || reveal.pending().get()
                        title="查看将记入审计日志"
                        on:click=move |_| { reveal.dispatch(()); }>
                        "查看完整信息"
                    </button>
                }.into_any(),
            }}
        </span>
    }
}
