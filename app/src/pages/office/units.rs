//! 单位注册审核 (`/manage/units`), with the 单位信息变更审核 below.

use super::frame::ManageArea;
use super::unit_changes::UnitChanges;
use crate::components::server_call;
use crate::components::{
    Banner, ConfirmDialog, DataTable, Dialog, FormErrors, Loaded, Paging, PendingConfirm, SubmitButton, TextField,
};
use crate::units::api::{list_unit_registrations, ReviewUnitRegistration};
use crate::units::{UnitReviewRow, UnitStatus};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// 单位注册审核: pending registrations of this office's region, the licence,
/// 审核通过 or 退回 with a reason.
#[component]
pub fn ManageUnits() -> impl IntoView {
    let status = RwSignal::new("pending".to_string());
    let page = RwSignal::new(1u64);
    let version = RwSignal::new(0u32);
    let list = Resource::new(
        move || (status.get(), page.get(), version.get()),
        |(status, page, _)| list_unit_registrations(UnitStatus::from_code(&status), page),
    );
    let review = server_call::<ReviewUnitRegistration>();
    let message = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let returning = RwSignal::new(None::<(uuid::Uuid, String)>);
    let return_open = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    let note_errors = FormErrors::new();
    let ask = RwSignal::new(None::<PendingConfirm>);
    Effect::new(move |_| match review.value().get() {
        Some(Ok(())) => {
            message.set(None);
            notice.set(Some("操作成功".into()));
            return_open.set(false);
            version.update(|v| *v += 1);
        }
        Some(Err(e)) => {
            notice.set(None);
            if return_open.get_untracked() {
                note_errors.set(Some(e));
            } else {
                message.set(Some(e.to_string()));
            }
        }
        None => {}
    });
    view! {
        <ManageArea>
            <section class="card">
                <div class="card-head">
                    <h2>"单位注册审核"</h2>
                    <label class="inline">"审核状态 "
                        <select aria-label="审核状态" on:change=move |ev| { status.set(event_target_value(&ev)); page.set(1); }>
                            <option value="pending" selected=true>"待审核"</option>
                            <option value="">"全部"</option>
                            <option value="approved">"已审核"</option>
                            <option value="returned">"退回修改"</option>
                        </select>
                    </label>
                </div>
                <Banner message=message/>
                <Banner kind="success" message=notice/>
                <Loaded resource=list transition=true let:p>
                    <DataTable columns=&["单位名称", "统一社会信用代码", "单位类型", "单位所在地", "法定代表人", "注册时间", "状态", "营业执照", "操作"]
                        pager=Paging::of(page, &p) rows=p.rows empty="没有符合条件的单位注册"
                        row=move |u: UnitReviewRow| {
                            let (id, name) = (u.id, u.name.clone());
                            let name2 = name.clone();
                            let pending = u.status == UnitStatus::Pending;
                            view! {
                                <tr>
                                    <td>{u.name}</td><td>{u.credit_code}</td><td>{u.kind}</td><td>{u.region_name}</td>
                                    <td>{u.legal_rep}</td><td>{u.registered_at}</td>
                                    <td>{u.status.label()} {(!u.review_note.is_empty()).then(|| format!("（{}）", u.review_note))}</td>
                                    <td>{u.licence.map(|f| view! { <a href=f.url() target="_blank" rel="noopener">"查看"</a> })}</td>
                                    <td class="actions">
                                        <Show when=move || pending>
                                            <button type="button" class="btn small btn-primary" on:click={
                                                let name = name.clone();
                                                move |_| ask.set(Some(PendingConfirm {
                                                    message: format!("确定审核通过“{name}”的注册吗？"),
                                                    confirm_label: "审核通过",
                                                    on_confirm: Callback::new(move |_| { review.dispatch(ReviewUnitRegistration { id, approve: true, note: String::new() }); }),
                                                }))
                                            }>"审核通过"</button>
                                            <button type="button" class="btn small" on:click={
                                                let name2 = name2.clone();
                                                move |_| {
                                                    note.set(String::new());
                                                    note_errors.set(None);
                                                    returning.set(Some((id, name2.clone())));
                                                    return_open.set(true);
                                                }
                                            }>"退回"</button>
                                        </Show>
                                    </td>
                                </tr>
                            }
                        }/>
                </Loaded>
            </section>
            <Dialog open=return_open title="退回单位注册">
                <form method="post" class="form" novalidate on:submit=move |ev: SubmitEvent| {
                    ev.prevent_default();
                    note_errors.set(None);
                    if let Some((id, _)) = returning.get_untracked() {
                        review.dispatch(ReviewUnitRegistration { id, approve: false, note: note.get_untracked() });
                    }
                }>
                    <p>{move || returning.get().map(|(_, n)| format!("退回“{n}”的注册，请填写原因："))}</p>
                    <TextField label="退回原因" name="note" value=note errors=note_errors required=true maxlength=500/>
                    <div class="dialog-actions">
                        <button type="button" class="btn" on:click=move |_| return_open.set(false)>"取消"</button>
                        <SubmitButton label="确定退回" pending=review.pending()/>
                    </div>
                </form>
            </Dialog>
            <ConfirmDialog state=ask/>
            <UnitChanges/>
        </ManageArea>
    }
}
