//! 消息中心 (`/person/messages`).

use super::frame::ApplicantArea;
use crate::components::server_call;
use crate::components::Loaded;
use crate::declarations::api::{my_messages, MarkMessagesRead};
use leptos::prelude::*;

#[component]
pub fn MessagesPage() -> impl IntoView {
    view! { <ApplicantArea><Messages/></ApplicantArea> }
}

#[component]
fn Messages() -> impl IntoView {
    let list = Resource::new(|| (), |_| my_messages());
    let read = server_call::<MarkMessagesRead>();
    Effect::new(move |_| {
        if let Some(Ok(())) = read.value().get() {
            list.refetch();
        }
    });
    view! {
        <section class="card">
            <div class="card-head">
                <h2>"消息中心"</h2>
                <button type="button" class="btn small" on:click=move |_| { read.dispatch(MarkMessagesRead {}); }>"全部标为已读"</button>
            </div>
            <Loaded resource=list let:rows>
                {if rows.is_empty() {
                    view! { <p class="empty">"暂无消息"</p> }.into_any()
                } else {
                    view! {
                        <ul class="messages">
                            {rows.into_iter().map(|m| view! {
                                <li class:unread=!m.read>
                                    <div class="message-head"><strong>{m.title}</strong><span class="muted">{m.at}</span></div>
                                    <p>{m.body}</p>
                                    {m.declaration.map(|id| view! { <a href=format!("/person/declarations/{id}")>"查看申报"</a> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </Loaded>
        </section>
    }
}
