//! Server functions of certificates: each reads the caller once (the
//! access layer) and makes one service call.

use super::*;
use crate::codec::Json;
use crate::error::AppError;
use crate::paging::Page;
use leptos::prelude::*;

/// 我的证书.
#[server(endpoint = "certificates/my_certificates", input = Json, output = Json)]
pub async fn my_certificates() -> Result<Vec<CertificateRow>, AppError> {
    use crate::server::context::{actor, db};
    super::holder::mine(&db()?, &actor()).await
}

/// One of 我的证书, with who looked it up.
#[server(endpoint = "certificates/my_certificate", input = Json, output = Json)]
pub async fn my_certificate(id: Uuid) -> Result<CertificateDetail, AppError> {
    use crate::server::context::{actor, db};
    super::holder::detail(&db()?, &actor(), id).await
}

/// The applicant's valid certificates, to choose the lost one for 补办.
#[server(endpoint = "certificates/losable_certificates", input = Json, output = Json)]
pub async fn losable_certificates() -> Result<Vec<OwnCertificate>, AppError> {
    use crate::server::context::{actor, db};
    super::holder::losable(&db()?, &actor()).await
}

/// The unit's people's certificates (for its staff).
#[server(endpoint = "certificates/unit_certificates", input = Json, output = Json)]
pub async fn unit_certificates(keyword: String, page: u64) -> Result<Page<CertificateRow>, AppError> {
    use crate::server::context::{actor, db};
    super::holder::of_unit(&db()?, &actor(), keyword, page).await
}

/// 证书查询验证 by number, the holder's name and a captcha.
#[server(endpoint = "certificates/verify_certificate", input = Json, output = Json)]
pub async fn verify_certificate(input: VerifyInput) -> Result<VerifiedCertificate, AppError> {
    use crate::server::context::{actor, meta, state};
    super::verify::by_number(&state()?, &actor(), &meta().ip, input).await
}

/// 证书查询验证 by the verification link's code.
#[server(endpoint = "certificates/verify_link", input = Json, output = Json)]
pub async fn verify_link(code: String) -> Result<VerifiedCertificate, AppError> {
    use crate::server::context::{actor, meta, state};
    super::verify::by_code(&state()?, &actor(), &meta().ip, &code).await
}
