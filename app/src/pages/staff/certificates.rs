//! 证书查询 (`/staff/certificates`): the certificates of the unit's people,
//! by 持证人姓名 or 证书编号.

use super::frame::StaffArea;
use crate::certificates::api::unit_certificates;
use crate::certificates::CertificateRow;
use crate::components::{CertificateState, CertificateStatusCell, DataTable, Loaded, Paging, SubmitButton};
use leptos::prelude::*;

#[component]
pub fn StaffCertificatesPage() -> impl IntoView {
    view! { <StaffArea><StaffCertificates/></StaffArea> }
}

#[component]
fn StaffCertificates() -> impl IntoView {
    let keyword = RwSignal::new(String::new());
    let page = RwSignal::new(1u64);
    // The keyword searched for (not the one being typed) and the page.
    let applied = RwSignal::new((String::new(), 1u64));
    let apply = move || applied.set((keyword.get_untracked().trim().to_owned(), page.get_untracked()));
    Effect::new(move |prev: Option<u64>| {
        let p = page.get();
        if prev.is_some() {
            apply();
        }
        p
    });
    let list = Resource::new(move || applied.get(), |(keyword, page)| unit_certificates(keyword, page));
    view! {
        <section class="card">
            <div class="card-head"><h2>"证书查询"</h2></div>
            <p class="muted">"查询本单位人员在本系统取得的职称证书。"</p>
            <form method="post" class="filters" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); page.set(1); apply(); }>
                <label>"持证人姓名或证书编号"
                    <input aria-label="持证人姓名或证书编号" type="text" maxlength="40" prop:value=move || keyword.get()
                        on:input=move |ev| keyword.set(event_target_value(&ev))/>
                </label>
                <SubmitButton label="查询" pending=Signal::derive(|| false)/>
            </form>
            <Loaded resource=list transition=true let:p>
                <DataTable columns=&["证书编号", "持证人", "证件号码", "资格名称", "级别", "发证机关", "取得资格时间", "状态"]
                    pager=Paging::of(page, &p) rows=p.rows empty="暂无本单位人员的证书" testid="unit-certificates"
                    empty_testid="unit-certificates-empty"
                    row=|c: CertificateRow| {
                        let state = CertificateState::from(&c);
                        view! {
                            <tr>
                                <td>{c.number}</td><td>{c.holder_name}</td><td>{c.id_number_masked}</td><td>{c.qualification}</td>
                                <td>{c.level}</td><td>{c.office_name}</td><td>{c.qualified_on}</td>
                                <td><CertificateStatusCell state=state/></td>
                            </tr>
                        }
                    }/>
            </Loaded>
        </section>
    }
}
