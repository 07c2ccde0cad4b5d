//! 我的证书 (`/person/certificates`) and one certificate with its
//! verification link and who looked it up (`/person/certificates/:id`).

use super::frame::ApplicantArea;
use crate::certificates::api::{my_certificate, my_certificates};
use crate::certificates::{verify_path, CertificateRow, LookupRow};
use crate::components::{CertificateBadge, CertificateState, CertificateStatusCell, DataTable, Loaded};
use crate::documents::certificate_path;
use crate::error::AppError;
use leptos::prelude::*;

pub const NO_CERTIFICATES: &str = "暂无证书。职称认定、重新确认或证书遗失补办审核通过后，证书将显示在这里。";

#[component]
pub fn MyCertificatesPage() -> impl IntoView {
    view! { <ApplicantArea><MyCertificates/></ApplicantArea> }
}

#[component]
fn MyCertificates() -> impl IntoView {
    let list = Resource::new(|| (), |_| my_certificates());
    view! {
        <section class="card">
            <div class="card-head"><h2>"我的证书"</h2></div>
            <Loaded resource=list let:rows>
                <DataTable columns=&["证书编号", "资格名称", "系列/专业", "级别", "发证机关", "批准文号", "取得资格时间", "状态", "操作"]
                    rows=rows empty=NO_CERTIFICATES testid="my-certificates" empty_testid="my-certificates-empty"
                    row=|c: CertificateRow| {
                        let state = CertificateState::from(&c);
                        view! {
                            <tr>
                                <td>{c.number}</td>
                                <td>{c.qualification}</td>
                                <td>{series_specialty(&c.series, &c.specialty)}</td>
                                <td>{c.level}</td>
                                <td>{c.office_name}</td>
                                <td>{c.approval_no}</td>
                                <td>{c.qualified_on}</td>
                                <td><CertificateStatusCell state=state/></td>
                                <td>
                                    <a href=format!("/person/certificates/{}", c.id)>"详情"</a>
                                    " "
                                    <a href=certificate_path(c.id) download="" data-testid="certificate-pdf">"电子证书"</a>
                                </td>
                            </tr>
                        }
                    }/>
            </Loaded>
        </section>
    }
}

/// 系列/专业 in one cell.
fn series_specialty(series: &str, specialty: &str) -> String {
    match (series.is_empty(), specialty.is_empty()) {
        (false, false) => format!("{series}/{specialty}"),
        (false, true) => series.to_owned(),
        _ => specialty.to_owned(),
    }
}

#[component]
pub fn MyCertificatePage() -> impl IntoView {
    view! { <ApplicantArea><MyCertificate/></ApplicantArea> }
}

#[component]
fn MyCertificate() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<uuid::Uuid>().ok());
    let detail = Resource::new(id, |id| async move {
        match id {
            Some(id) => my_certificate(id).await,
            None => Err(AppError::not_found("证书不存在")),
        }
    });
    view! {
        <section class="card">
            <div class="card-head"><h2>"证书详情"</h2><a href="/person/certificates">"返回我的证书"</a></div>
            <Loaded resource=detail let:d>
                {
                    let c = d.certificate;
                    let state = CertificateState::from(&c);
                    let notes = state.notes();
                    let pdf = certificate_path(c.id);
                    view! {
                        <p><a class="btn small" href=pdf download="">"下载电子证书（PDF）"</a></p>
                        <dl class="info-grid wide" data-testid="certificate-detail">
                            <dt>"证书编号"</dt><dd>{c.number}</dd>
                            <dt>"证书状态"</dt><dd><CertificateBadge status=state.status/></dd>
                            {notes.into_iter().map(|(label, v)| view! { <dt>{label}</dt><dd>{v}</dd> }).collect_view()}
                            <dt>"持证人"</dt><dd>{c.holder_name}</dd>
                            <dt>"证件号码"</dt><dd>{c.id_number_masked}</dd>
                            <dt>"资格名称"</dt><dd>{c.qualification}</dd>
                            <dt>"系列"</dt><dd>{c.series}</dd>
                            <dt>"专业"</dt><dd>{c.specialty}</dd>
                            <dt>"级别"</dt><dd>{c.level}</dd>
                            <dt>"发证机关"</dt><dd>{c.office_name}</dd>
                            <dt>"批准文号"</dt><dd>{c.approval_no}</dd>
                            <dt>"取得资格时间"</dt><dd>{c.qualified_on}</dd>
                            <dt>"发证时间"</dt><dd>{c.issued_at}</dd>
                            {c.verify_code.map(|code| view! {
                                <dt>"验证链接"</dt>
                                <dd>
                                    <a href=verify_path(&code)>"证书验证链接"</a>
                                    <p class="field-hint">"可将此链接提供给需要核验证书的单位，对方无需登录即可查看证书状态。"</p>
                                </dd>
                            })}
                        </dl>
                        <h3>"查询记录"</h3>
                        <p class="muted">"他人通过证书查询验证查看此证书时，将在这里留下记录。"</p>
                        <DataTable columns=&["查询时间", "查询方"] rows=d.lookups empty="暂无查询记录" testid="certificate-lookups"
                            empty_testid="certificate-lookups-empty"
                            row=|l: LookupRow| view! { <tr><td>{l.at}</td><td>{l.viewer}</td></tr> }/>
                    }
                }
            </Loaded>
        </section>
    }
}
