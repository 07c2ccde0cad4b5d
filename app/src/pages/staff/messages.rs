//! 消息中心 of the unit (`/staff/messages`): what happened to the
//! declarations its staff handle.

use super::frame::StaffArea;
use crate::components::server_call;
use crate::components::Loaded;
use crate::declarations::api::{unit_messages, MarkUnitMessagesRead};
use leptos::prelude::*;

#[component]
pub fn StaffMessagesPage() -> impl IntoView {
    view! { <StaffArea><StaffMessages/></StaffArea> }
}

#[component]
fn StaffMessages() -> impl IntoView {
    let list = Resource::new(|| (), |_| unit_messages());
    let read = server_call::<MarkUnitMessagesRead>();
    Effect::new(move |_| {
        if let Some(Ok(())) = read.value().get() {
            list.refetch();
        }
    });
    view! {
        <section class="card">
            <div class="card-head">
                <h2>"消息中心"</h2>
                <button type="button" class="btn small" on:click=move |_| { read.dispatch(MarkUnitMessagesRead {}); }>"全部标为已读"</button>
            </div>
            <Loaded resource=list let:rows>
                {if rows.is_empty() {
                    view! { <p class="empty">"暂无消息"</p> }.into_any()
                } else {
                    view! {
                        <ul class="messages" data-testid="unit-messages">
                            {rows.into_iter().map(|m| view! {
                                <li class:unread=!m.read>
                                    <div class="message-head"><strong>{m.title}</strong><span class="muted">{m.at}</span></div>
                                    <p>{m.body}</p>
                                    {m.declaration.map(|id| view! { <a href=format!("/staff/declarations/{id}")>"查看申报"</a> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </Loaded>
        </section>
    }
}
