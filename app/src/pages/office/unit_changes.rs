//! 单位信息变更审核: what approved units changed, waiting for the 职改办.

use crate::components::server_call;
use crate::components::{Banner, DataTable, Loaded};
use crate::units::api::{list_unit_changes, ReviewUnitChange};
use crate::units::UnitChangeRow;
use leptos::prelude::*;

/// 单位信息变更审核: an approved unit's new name, 单位所在地, 单位类型 or
/// licence take effect only when approved here.
#[component]
pub fn UnitChanges() -> impl IntoView {
    let list = Resource::new(|| (), |_| list_unit_changes());
    let review = server_call::<ReviewUnitChange>();
    let notice = RwSignal::new(None::<String>);
    let message = RwSignal::new(None::<String>);
    let notes = RwSignal::new(std::collections::HashMap::<uuid::Uuid, String>::new());
    Effect::new(move |_| match review.value().get() {
        Some(Ok(())) => {
            message.set(None);
            notice.set(Some("操作成功".into()));
            list.refetch();
        }
        Some(Err(e)) => message.set(Some(e.to_string())),
        None => {}
    });
    view! {
        <section class="card">
            <h2>"单位信息变更审核"</h2>
            <p class="muted">"已审核单位修改单位名称、单位所在地、单位类型或营业执照，须经职改办审核通过后生效；退回须填写原因。"</p>
            <Banner message=message/>
            <Banner kind="success" message=notice/>
            <Loaded resource=list transition=true let:rows>
                <DataTable columns=&["统一社会信用代码", "原信息", "变更为", "提交时间", "退回原因", "操作"]
                    rows=rows empty="没有待审核的单位信息变更" testid="unit-changes"
                    row=move |r: UnitChangeRow| {
                        let id = r.change.id;
                        view! {
                            <tr>
                                <td>{r.credit_code.clone()}</td>
                                <td>{format!("{}／{}／{}", r.current_name, r.current_region_name, r.current_kind)}</td>
                                <td>
                                    {format!("{}／{}／{}", r.change.name, r.change.region_name, r.change.kind)}
                                    {r.change.licence.clone().map(|f| view! { " " <a href=f.url() target="_blank" rel="noopener">"新营业执照"</a> })}
                                </td>
                                <td>{r.change.submitted_at.clone()}</td>
                                <td><input type="text" aria-label="退回原因" maxlength="500"
                                    on:input=move |ev| notes.update(|m| { m.insert(id, event_target_value(&ev)); })/></td>
                                <td class="actions">
                                    <button type="button" class="btn small btn-primary" on:click=move |_| {
                                        review.dispatch(ReviewUnitChange { id, approve: true, note: String::new() });
                                    }>"审核通过"</button>
                                    <button type="button" class="btn small" on:click=move |_| {
                                        let note = notes.with_untracked(|m| m.get(&id).cloned().unwrap_or_default());
                                        review.dispatch(ReviewUnitChange { id, approve: false, note });
                                    }>"退回"</button>
                                </td>
                            </tr>
                        }
                    }/>
            </Loaded>
        </section>
    }
}
