//! 工作人员 (`/unit/staff`): enable, disable, remove, and 新增工作人员.

use super::frame::UnitArea;
use crate::components::server_call;
use crate::components::{Banner, ConfirmDialog, DataTable, Loaded, PendingConfirm, StaffAddDialog};
use crate::units::api::{list_unit_staff, AddUnitStaff, RemoveUnitStaff, SetUnitStaffEnabled};
use crate::units::{StaffCandidate, StaffRow};
use leptos::prelude::*;

#[component]
pub fn UnitStaffPage() -> impl IntoView {
    view! { <UnitArea><UnitStaff/></UnitArea> }
}

#[component]
fn UnitStaff() -> impl IntoView {
    // Every change answers with the new list, shown in place of the loaded one.
    let staff = Resource::new(|| (), |_| list_unit_staff());
    let message = RwSignal::new(None::<String>);
    let ask = RwSignal::new(None::<PendingConfirm>);
    let toggle = server_call::<SetUnitStaffEnabled>();
    let remove = server_call::<RemoveUnitStaff>();
    let add = server_call::<AddUnitStaff>();
    let dialog_open = RwSignal::new(false);
    let add_error = RwSignal::new(None::<String>);
    for value in [toggle.value(), remove.value()] {
        Effect::new(move |_| match value.get() {
            Some(Ok(list)) => {
                staff.set(Some(Ok(list)));
                message.set(None);
            }
            Some(Err(e)) => message.set(Some(e.to_string())),
            None => {}
        });
    }
    Effect::new(move |_| match add.value().get() {
        Some(Ok(list)) => {
            staff.set(Some(Ok(list)));
            dialog_open.set(false);
        }
        Some(Err(e)) => add_error.set(Some(e.to_string())),
        None => {}
    });
    let on_add = Callback::new(move |c: StaffCandidate| {
        add.dispatch(AddUnitStaff { id_number: c.id_number });
    });
    view! {
        <section class="card">
            <div class="card-head">
                <h2>"工作人员"</h2>
                <button type="button" class="btn btn-primary" on:click=move |_| {
                    add_error.set(None);
                    dialog_open.set(true);
                }>"新增工作人员"</button>
            </div>
            <p class="muted">"工作人员使用本人个人账户，经“单位工作人员登录”处理本单位的职称申报。停用或删除后立即不能登录。"</p>
            <Banner message=message/>
            <Loaded resource=staff let:list>
                <DataTable columns=&["工作人员姓名", "联系电话", "邮箱", "是否启用", "操作"] rows=list empty="暂无工作人员，请点击“新增工作人员”添加"
                    row=move |s: StaffRow| {
                        let (id, name, enabled) = (s.id, s.name.clone(), s.enabled);
                        let name2 = name.clone();
                        view! {
                            <tr>
                                <td>{s.name}</td><td>{s.phone}</td><td>{s.email}</td>
                                <td>{if enabled { "是" } else { "否" }}</td>
                                <td class="actions">
                                    <button type="button" class="btn small" on:click=move |_| {
                                        if enabled {
                                            ask.set(Some(PendingConfirm {
                                                message: format!("确定停用工作人员“{name}”吗？停用后其不能再登录本单位。"),
                                                confirm_label: "停用",
                                                on_confirm: Callback::new(move |_| { toggle.dispatch(SetUnitStaffEnabled { id, enabled: false }); }),
                                            }));
                                        } else {
                                            toggle.dispatch(SetUnitStaffEnabled { id, enabled: true });
                                        }
                                    }>{if enabled { "停用" } else { "启用" }}</button>
                                    <button type="button" class="btn small btn-danger" on:click=move |_| ask.set(Some(PendingConfirm {
                                        message: format!("确定删除工作人员“{name2}”吗？"),
                                        confirm_label: "删除",
                                        on_confirm: Callback::new(move |_| { remove.dispatch(RemoveUnitStaff { id }); }),
                                    }))>"删除"</button>
                                </td>
                            </tr>
                        }
                    }/>
            </Loaded>
        </section>
        <StaffAddDialog open=dialog_open on_add=on_add add_error=add_error/>
        <ConfirmDialog state=ask/>
    }
}
