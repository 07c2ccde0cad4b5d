//! 我所在的单位 (`/person/units`).

use super::frame::ApplicantArea;
use crate::components::server_call;
use crate::components::{Banner, ConfirmDialog, DataTable, Loaded, PendingConfirm};
use crate::units::api::{my_units, LeaveUnit};
use crate::units::MyUnitRow;
use leptos::prelude::*;

/// 我所在的单位: the units that list this person as staff; leaving one
/// needs no one's consent (a unit may have added them without asking).
#[component]
pub fn MyUnitsPage() -> impl IntoView {
    view! {
        <ApplicantArea><MyUnits/></ApplicantArea>
    }
}

#[component]
fn MyUnits() -> impl IntoView {
    let list = Resource::new(|| (), |_| my_units());
    let leave = server_call::<LeaveUnit>();
    let ask = RwSignal::new(None::<PendingConfirm>);
    let notice = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| match leave.value().get() {
        Some(Ok(_)) => {
            notice.set(Some("已退出该单位".into()));
            list.refetch();
        }
        Some(Err(e)) => error.set(Some(e.to_string())),
        None => {}
    });
    view! {
        <section class="card">
            <h2>"我所在的单位"</h2>
            <p class="muted">"以下单位已将您添加为单位工作人员。如您不在该单位工作，可以退出，退出后不能再以该单位工作人员身份登录。"</p>
            <Banner kind="success" message=notice/>
            <Banner message=error/>
            <Loaded resource=list let:rows>
                <DataTable columns=&["单位名称", "是否启用", "添加时间", "操作"] rows=rows empty="暂无单位将您添加为工作人员" testid="my-units"
                    row=move |r: MyUnitRow| {
                        let (id, name) = (r.id, r.unit_name.clone());
                        view! {
                            <tr>
                                <td>{r.unit_name.clone()}</td>
                                <td>{if r.enabled { "启用" } else { "停用" }}</td>
                                <td>{r.added_at.clone()}</td>
                                <td><button type="button" class="link danger" on:click=move |_| {
                                    notice.set(None);
                                    error.set(None);
                                    let name = name.clone();
                                    ask.set(Some(PendingConfirm {
                                        message: format!("确定退出“{name}”吗？退出后不能再以该单位工作人员身份登录。"),
                                        confirm_label: "退出",
                                        on_confirm: Callback::new(move |_| { leave.dispatch(LeaveUnit { id }); }),
                                    }));
                                }>"退出"</button></td>
                            </tr>
                        }
                    }/>
            </Loaded>
            <ConfirmDialog state=ask/>
        </section>
    }
}
