//! The download routes: plain axum handlers behind the access layer, the
//! session's actor deciding what may be produced. A zip is written on a
//! blocking thread into a bounded channel, one document at a time, so a
//! thousand 评审表 never sit in memory together.

use super::{certificate, render, review_form};
use crate::certificates::holder;
use crate::declarations::search::{self, ExportQuery};
use crate::declarations::{view, Status};
use crate::domain::mask;
use crate::error::AppError;
use crate::server::access::{self, Actor, CurrentActor};
use crate::server::audit;
use crate::server::entities::{declaration, person};
use crate::server::session::ClientIp;
use crate::server::text::{cn_time, percent_encode};
use crate::server::AppState;
use axum::body::Body;
use axum::extract::{Form, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use std::io::Write;

fn error_response(err: AppError) -> Response {
    if let AppError::Internal { .. } = err {
        tracing::error!("document download failed");
    }
    let status = StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], err.to_string()).into_response()
}

fn attachment(content_type: &'static str, ascii: &str, name: &str, body: Body) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", percent_encode(name)),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        body,
    )
        .into_response()
}

/// Nothing to print while the applicant still edits it.
fn printable(d: &declaration::Model) -> Result<(), AppError> {
    if d.status == Status::Draft.code() {
        return Err(draft(&d.applicant_name));
    }
    Ok(())
}

fn draft(applicant: &str) -> AppError {
    AppError::conflict(format!("{applicant}的申报仍是草稿，尚未报送单位，暂无评审表可下载"))
}

/// A download started by another site's page (a link or an image there):
/// refused, so no page elsewhere makes a reviewer's browser produce
/// documents (and audit lines) in their name.
fn cross_site(headers: &HeaderMap) -> Result<(), AppError> {
    if headers.get("sec-fetch-site").is_some_and(|v| v.as_bytes() == b"cross-site") {
        return Err(AppError::forbidden("请求来源不被允许，请从本系统页面下载"));
    }
    Ok(())
}

/// A file name's part from stored text: no path separators or controls.
fn file_part(s: &str) -> String {
    s.chars().filter(|c| !c.is_control() && !"/\\:*?\"<>|".contains(*c)).take(40).collect()
}

fn review_form_name(d: &declaration::Model, public: bool) -> String {
    let id = d.public_id.simple().to_string();
    let kind = if public { "评审表（公示版）" } else { "评审表" };
    format!("{}-{}年度-{kind}-{}.pdf", file_part(&d.applicant_name), d.batch_year, &id[..8])
}

/// One 评审表's bytes. The unit's copy prints the whole 证件号码 and phone:
/// a reviewer's download is in the audit log like any look at them.
async fn review_form_pdf(
    st: &AppState,
    actor: &Actor,
    ip: &str,
    d: declaration::Model,
    public: bool,
) -> Result<Vec<u8>, AppError> {
    let p = person::Entity::find_by_id(d.person_id).one(&st.db).await?;
    let (id_number, phone, email) = if public {
        let email = p.as_ref().map(|p| mask::email(&p.email)).unwrap_or_default();
        (d.applicant_id_masked.clone().unwrap_or_default(), String::new(), email)
    } else {
        if !matches!(actor, Actor::Person { .. }) {
            let target = format!("declaration:{}", d.public_id);
            let masked = d.applicant_id_masked.clone().unwrap_or_default();
            audit::record(&st.db, actor.account(), "下载评审表（完整证件号码）", &target, ip, &masked).await;
        }
        let phone = p.as_ref().map(|p| st.vault.open(&p.phone)).unwrap_or_default();
        (st.vault.open(&d.applicant_id_number), phone, p.map(|p| p.email).unwrap_or_default())
    };
    let mut detail = view::detail(&st.db, &st.vault, d).await?;
    if public {
        detail.phone = mask::phone(&detail.phone);
    }
    let phone = if public { detail.phone.clone() } else { phone };
    let form = review_form::ReviewForm {
        detail: &detail,
        id_number,
        phone,
        email,
        public,
        produced_at: cn_time(chrono::Utc::now()),
    };
    let shaper = st.fonts.shaper();
    let pages = review_form::pages(&shaper, &form);
    drop(shaper);
    render::pdf(&st.fonts, &pages, super::layout::A4, review_form::title(public), &[]).map_err(|e| {
        tracing::error!(error = %e, "rendering a 评审表 failed");
        AppError::internal()
    })
}

#[derive(serde::Deserialize, Default)]
pub struct PublicQuery {
    #[serde(default)]
    public: Option<String>,
}

impl PublicQuery {
    fn public(&self) -> bool {
        matches!(self.public.as_deref(), Some("1" | "true" | "on"))
    }
}

fn ip_of(ip: &Option<Extension<ClientIp>>) -> String {
    ip.as_ref().map(|i| i.0 .0.clone()).unwrap_or_else(|| "unknown".into())
}

/// `GET /documents/declarations/{id}/review-form.pdf[?public=1]`
pub async fn review_form_route(
    State(st): State<AppState>,
    Extension(actor): Extension<CurrentActor>,
    ip: Option<Extension<ClientIp>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<PublicQuery>,
) -> Response {
    if let Err(e) = cross_site(&headers) {
        return error_response(e);
    }
    let Ok(id) = uuid::Uuid::parse_str(id.trim_end_matches(".pdf")) else {
        return error_response(AppError::not_found("申报不存在或已被删除"));
    };
    let result = async {
        let d = access::declaration(&st.db, &actor.0, id).await?;
        printable(&d)?;
        let name = review_form_name(&d, q.public());
        // Layout and PDF writing are CPU work: off the async workers.
        let bytes = {
            let (st, actor, ip, public) = (st.clone(), actor.0.clone(), ip_of(&ip), q.public());
            let handle = tokio::runtime::Handle::current();
            tokio::task::spawn_blocking(move || handle.block_on(review_form_pdf(&st, &actor, &ip, d, public)))
                .await
                .map_err(|_| AppError::internal())??
        };
        Ok::<_, AppError>((name, bytes))
    }
    .await;
    match result {
        Ok((name, bytes)) => attachment("application/pdf", "review-form.pdf", &name, Body::from(bytes)),
        Err(e) => error_response(e),
    }
}

/// Writes into a bounded channel in pieces: the zip's reader is the client.
struct ChannelWriter {
    tx: tokio::sync::mpsc::Sender<Result<Vec<u8>, std::io::Error>>,
    buf: Vec<u8>,
}

const CHUNK: usize = 256 * 1024;

impl ChannelWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        // The client went away: stop producing.
        self.tx.blocking_send(Ok(chunk)).map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

/// A zip of the 评审表 of the declarations `ids` (already checked),
/// streamed as written; each row is read when its turn comes, so a
/// thousand forms' data is never in memory at once.
async fn zip_response(st: AppState, actor: Actor, ip: String, ids: Vec<i64>, public: bool) -> Response {
    // Zips are long CPU work: a few at a time; a request waits a little
    // for its turn, then is told to come back.
    let slot = tokio::time::timeout(std::time::Duration::from_secs(15), st.zip_slots.clone().acquire_owned()).await;
    let Ok(Ok(slot)) = slot else {
        return error_response(AppError::busy());
    };
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    let handle = tokio::runtime::Handle::current();
    let errors = tx.clone();
    tokio::task::spawn_blocking(move || {
        let _slot = slot;
        let fail = |why: &str| {
            tracing::warn!(why, "zip of 评审表 not finished");
            let _ = errors.blocking_send(Err(std::io::Error::other("zip not finished")));
        };
        let mut zip = zip::ZipWriter::new_stream(ChannelWriter { tx, buf: Vec::with_capacity(CHUNK) });
        // PDFs are compressed already: stored, not deflated again.
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(false);
        let count = ids.len();
        let mut names = std::collections::HashSet::new();
        for id in ids {
            let d = match handle.block_on(declaration::Entity::find_by_id(id).one(&st.db)) {
                Ok(Some(d)) => d,
                _ => return fail("a declaration could not be read"),
            };
            let mut name = review_form_name(&d, public);
            if !names.insert(name.clone()) {
                name = format!("{}-{}.pdf", name.trim_end_matches(".pdf"), d.public_id.simple());
            }
            let Ok(bytes) = handle.block_on(review_form_pdf(&st, &actor, &ip, d, public)) else {
                return fail("a document failed");
            };
            if zip.start_file(name, options).and_then(|_| Ok(zip.write_all(&bytes)?)).is_err() {
                tracing::info!("zip download stopped: the client went away");
                return;
            }
        }
        match zip.finish() {
            Ok(mut w) => {
                let _ = w.get_mut().flush();
                tracing::info!(documents = count, "zip of 评审表 written");
            }
            Err(_) => fail("the zip's directory was not written"),
        }
    });
    let mut rx = rx;
    // (poll_fn, unlike unfold, may be polled again after its end.)
    let stream = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
    let kind = if public { "评审表（公示版）.zip" } else { "评审表.zip" };
    attachment("application/zip", "review-forms.zip", kind, Body::from_stream(stream))
}

fn too_many(max: usize) -> AppError {
    AppError::invalid("ids", format!("一次最多下载 {max} 份评审表，请减少勾选或缩小查询范围"))
}

/// `POST /api/documents/review-forms.zip` (form: `ids`, repeated; `public`):
/// the ticked declarations. Every one must be the caller's to see and
/// printable, or nothing is produced.
pub async fn review_forms_zip(
    State(st): State<AppState>,
    Extension(actor): Extension<CurrentActor>,
    ip: Option<Extension<ClientIp>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let public = fields.iter().any(|(k, v)| k == "public" && matches!(v.as_str(), "1" | "true" | "on"));
    let max = st.config.max_zip_documents;
    let mut ids = Vec::new();
    for (k, v) in &fields {
        if k != "ids" {
            continue;
        }
        for part in v.split(',').filter(|p| !p.trim().is_empty()) {
            let Ok(id) = uuid::Uuid::parse_str(part.trim()) else {
                return error_response(AppError::invalid("ids", "申报编号不正确"));
            };
            ids.push(id);
        }
    }
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return error_response(AppError::invalid("ids", "请先勾选要下载评审表的申报"));
    }
    if ids.len() > max {
        return error_response(too_many(max));
    }
    let checked = async {
        use declaration::Column as D;
        let cond = access::declarations(&actor.0)?;
        let found: Vec<(i64, String, String)> = declaration::Entity::find()
            .select_only()
            .columns([D::Id, D::Status, D::ApplicantName])
            .filter(cond)
            .filter(D::PublicId.is_in(ids.clone()))
            .order_by_asc(D::Id)
            .into_tuple()
            .all(&st.db)
            .await?;
        if found.len() != ids.len() {
            return Err(AppError::forbidden("所选申报中有不存在或无权查看的，未生成任何文件"));
        }
        if let Some((_, _, name)) = found.iter().find(|(_, status, _)| status == Status::Draft.code()) {
            return Err(draft(name));
        }
        Ok(found.into_iter().map(|(id, _, _)| id).collect())
    }
    .await;
    match checked {
        Ok(list) => zip_response(st, actor.0, ip_of(&ip), list, public).await,
        Err(e) => error_response(e),
    }
}

/// `GET /documents/public-review-forms.zip?…`: an office's 公示版 of what
/// its 申报查询 finds with the same filter.
pub async fn public_review_forms_zip(
    State(st): State<AppState>,
    Extension(actor): Extension<CurrentActor>,
    ip: Option<Extension<ClientIp>>,
    headers: HeaderMap,
    Query(q): Query<ExportQuery>,
) -> Response {
    if let Err(e) = cross_site(&headers) {
        return error_response(e);
    }
    let max = st.config.max_zip_documents;
    let checked = async {
        let q = declaration::Entity::find().filter(search::filtered(&st.db, &st.vault, &actor.0, &q.filter()).await?);
        let total = q.clone().count(&st.db).await? as usize;
        if total == 0 {
            return Err(AppError::not_found("没有符合条件的申报"));
        }
        if total > max {
            return Err(too_many(max));
        }
        let ids: Vec<i64> = q
            .select_only()
            .column(declaration::Column::Id)
            .order_by_asc(declaration::Column::Id)
            .into_tuple()
            .all(&st.db)
            .await?;
        Ok(ids)
    }
    .await;
    match checked {
        Ok(list) => zip_response(st, actor.0, ip_of(&ip), list, true).await,
        Err(e) => error_response(e),
    }
}

/// The portal's address for links that leave it (the QR code).
fn public_base(st: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = &st.config.public_url {
        return url.trim_end_matches('/').to_owned();
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let scheme = if st.config.cookie_secure { "https" } else { "http" };
    format!("{scheme}://{host}")
}

/// `GET /documents/certificates/{id}.pdf`: the holder's electronic certificate.
pub async fn certificate_route(
    State(st): State<AppState>,
    Extension(actor): Extension<CurrentActor>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Err(e) = cross_site(&headers) {
        return error_response(e);
    }
    let Ok(id) = uuid::Uuid::parse_str(id.trim_end_matches(".pdf")) else {
        return error_response(AppError::not_found("证书不存在"));
    };
    let base = public_base(&st, &headers);
    let result = async {
        let c = holder::detail(&st.db, &actor.0, id).await?.certificate;
        let link = format!("{base}{}", crate::certificates::verify_path(c.verify_code.as_deref().unwrap_or_default()));
        let fonts = st.fonts.clone();
        let name = format!("{}-{}.pdf", file_part(&c.qualification), file_part(&c.number));
        let bytes = tokio::task::spawn_blocking(move || {
            let shaper = fonts.shaper();
            let (pages, extras) = certificate::layout(&shaper, &c, &link);
            drop(shaper);
            render::pdf(&fonts, &pages, certificate::LANDSCAPE, &certificate::title(&c), &extras)
        })
        .await
        .map_err(|_| AppError::internal())?
        .map_err(|e| {
            tracing::error!(error = %e, "rendering a certificate failed");
            AppError::internal()
        })?;
        Ok::<_, AppError>((name, bytes))
    }
    .await;
    match result {
        Ok((name, bytes)) => attachment("application/pdf", "certificate.pdf", &name, Body::from(bytes)),
        Err(e) => error_response(e),
    }
}
