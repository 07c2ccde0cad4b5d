//! 申报查询 (`/manage/search`): everything in this office's jurisdiction
//! (a 市职改办: its city; the 区职改办: the region; a 主管部门: what was sent
//! to it), filtered, paged, and downloadable as Excel with the same filter.

use super::filters::OfficeFilters;
use super::frame::ManageArea;
use crate::components::{DataTable, Loaded, Paging, StatusBadge};
use crate::declarations::api::org_search;
use crate::declarations::{DeclarationRow, OfficeFilter};
use crate::documents::PUBLIC_REVIEW_FORMS_ZIP;
use leptos::prelude::*;

#[component]
pub fn OrgSearchPage() -> impl IntoView {
    view! { <ManageArea><OrgSearch/></ManageArea> }
}

#[component]
fn OrgSearch() -> impl IntoView {
    let page = RwSignal::new(1u64);
    let applied = RwSignal::new(OfficeFilter { page: 1, ..Default::default() });
    let list = Resource::new(move || applied.get(), org_search);
    view! {
        <section class="card">
            <div class="card-head">
                <h2>"申报查询"</h2>
                <span class="doc-links">
                    <a class="btn small" href=move || applied.with(OfficeFilter::export_url) download="">"导出Excel"</a>
                    <a class="btn small" href=move || applied.with(|f| format!("{PUBLIC_REVIEW_FORMS_ZIP}?{}", f.query())) download="" data-testid="public-zip">"下载公示版评审表（zip）"</a>
                </span>
            </div>
            <OfficeFilters applied=applied page=page full=true/>
            <p class="muted">"导出按当前查询条件，最多20000条；公示版评审表（隐去证件号码、手机号码和电子邮箱）一次最多1000份；姓名或身份证号须完整填写。"</p>
            <Loaded resource=list transition=true let:p>
                {
                    let pager = Paging::of(page, &p);
                    let total = p.total;
                    view! {
                        <p class="muted" data-testid="search-total">{format!("共 {total} 条")}</p>
                        <DataTable columns=&["申报人", "身份证", "业务类型", "系列/专业", "级别", "申报年度", "申报单位", "状态", "报送时间", "操作"]
                            rows=p.rows empty="没有符合条件的申报。" testid="org-search" pager=pager
                            row=|r: DeclarationRow| view! {
                                <tr>
                                    <td>{r.applicant_name}</td><td>{r.id_number_masked}</td><td>{r.business}</td><td>{r.series}</td>
                                    <td>{r.level}</td><td>{r.year}</td><td>{r.unit_name}</td><td><StatusBadge status=r.status/></td>
                                    <td>{r.submitted_at}</td>
                                    <td><a href=format!("/manage/declarations/{}", r.id)>"查看"</a></td>
                                </tr>
                            }/>
                    }
                }
            </Loaded>
        </section>
    }
}
