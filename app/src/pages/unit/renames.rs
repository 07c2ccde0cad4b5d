//! 更名记录 (`/unit/renames`).

use super::frame::UnitArea;
use crate::components::{DataTable, Loaded};
use crate::units::api::list_unit_renames;
use crate::units::RenameRow;
use leptos::prelude::*;

#[component]
pub fn UnitRenamesPage() -> impl IntoView {
    let rows = Resource::new(|| (), |_| list_unit_renames());
    view! {
        <UnitArea>
            <section class="card">
                <h2>"更名记录"</h2>
                <Loaded resource=rows let:rows>
                    <DataTable columns=&["原单位名称", "新单位名称", "更名时间", "操作人"] rows=rows empty="暂无更名记录"
                        row=move |r: RenameRow| view! {
                            <tr><td>{r.old_name}</td><td>{r.new_name}</td><td>{r.changed_at}</td><td>{r.changed_by}</td></tr>
                        }/>
                </Loaded>
            </section>
        </UnitArea>
    }
}
