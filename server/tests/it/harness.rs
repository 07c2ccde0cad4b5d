//! Starts the real server on a free port with a fresh database, and talks
//! to it the way the browser does (JSON server functions, cookies).

use app::server::{AppConfig, AppEnv, AppState};
use leptos::config::LeptosOptions;
use reqwest::{Client, StatusCode};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::{json, Value};
use std::net::SocketAddr;
use tempfile::TempDir;
use tokio::sync::oneshot;
use uuid::Uuid;

pub const CAPTCHA: &str = "TEST";
pub const ADMIN_PASSWORD: &str = "Admin@2026";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// Runs each named scenario `async fn name(db: Db)` once per database.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::harness::Db::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::harness::Db::Postgres).await;
                }
            )*
        }
    };
}

fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

/// A PostgreSQL database made for one test and dropped after it, even when
/// the test panics.
pub struct PgDatabase {
    name: String,
}

impl PgDatabase {
    pub async fn create() -> Self {
        let name = format!("gxzc_t_{}", Uuid::new_v4().simple());
        let admin = Database::connect(format!("{}/postgres", postgres_admin_url()))
            .await
            .expect("PostgreSQL at 127.0.0.1:5432");
        admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create test database");
        admin.close().await.ok();
        Self { name }
    }
    pub fn url(&self) -> String {
        format!("{}/{}", postgres_admin_url(), self.name)
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let name = self.name.clone();
        // Drop runs outside async: use a runtime of our own on a thread.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            rt.block_on(async move {
                if let Ok(admin) = Database::connect(format!("{}/postgres", postgres_admin_url())).await {
                    let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
                    let _ = admin.close().await;
                }
            });
        })
        .join();
    }
}

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
    /// The e-mail sender, as the binary runs it (idle without SMTP).
    sender: tokio::task::JoinHandle<()>,
    pg: Option<PgDatabase>,
    _dir: TempDir,
}

impl TestApp {
    pub async fn spawn(db: Db) -> Self {
        Self::spawn_with(db, |_| {}).await
    }

    /// Starts with the test configuration changed by `tweak`.
    pub async fn spawn_with(db: Db, tweak: impl FnOnce(&mut AppConfig)) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let pg = match db {
            Db::Sqlite => None,
            Db::Postgres => Some(PgDatabase::create().await),
        };
        let mut config = AppConfig {
            env: AppEnv::Test,
            data_dir: dir.path().join("data"),
            database_url: pg.as_ref().map(PgDatabase::url),
            captcha_fixed: Some(CAPTCHA.into()),
            admin_password: Some(ADMIN_PASSWORD.into()),
            ..AppConfig::default()
        };
        tweak(&mut config);
        let state = server::prepare(config).await.expect("server prepares");

        // A site folder with one stylesheet, for the static-file tests.
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("pkg")).expect("site dir");
        std::fs::write(site.join("pkg/gxzc.css"), "body { color: #123456; }\n".repeat(200)).expect("css");
        let options = LeptosOptions::builder().output_name("gxzc").site_root(site.display().to_string()).build();

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr: SocketAddr = listener.local_addr().expect("addr");
        let (tx, rx) = oneshot::channel::<()>();
        let serve_state = state.clone();
        let server = tokio::spawn(async move {
            server::serve(listener, serve_state, options, async {
                let _ = rx.await;
            })
            .await
            .expect("server runs");
        });
        let sender = tokio::spawn(app::server::notifier::run_sender(state.db.clone(), state.config.clone()));
        Self { base: format!("http://{addr}"), state, shutdown: Some(tx), server: Some(server), sender, pg, _dir: dir }
    }

    /// A browser: its own cookie jar.
    pub fn client(&self) -> Client {
        Client::builder().cookie_store(true).build().expect("client")
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    /// Calls a server function; returns the status and the JSON body.
    pub async fn call(&self, client: &Client, endpoint: &str, body: Value) -> (StatusCode, Value) {
        let res = client.post(format!("{}/api/{endpoint}", self.base)).json(&body).send().await.expect("request");
        let status = res.status();
        let text = res.text().await.expect("body");
        let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, value)
    }

    /// Calls a server function with its own argument type, exactly as the
    /// browser's generated code sends it (its path and its JSON body), so a
    /// changed signature fails to compile here rather than at run time.
    pub async fn send<F>(&self, client: &Client, args: F) -> (StatusCode, Value)
    where
        F: leptos::server_fn::ServerFn + serde::Serialize,
    {
        let res = client.post(format!("{}{}", self.base, F::PATH)).json(&args).send().await.expect("request");
        let status = res.status();
        let text = res.text().await.expect("body");
        let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, value)
    }

    /// A fresh captcha ticket (its answer is always [`CAPTCHA`] in tests).
    pub async fn captcha(&self, client: &Client) -> String {
        let (status, body) = self.send(client, app::captcha::NewCaptcha {}).await;
        assert_eq!(status, StatusCode::OK, "captcha/new: {body}");
        body.as_str().expect("ticket").to_owned()
    }

    /// Registers a person; `person` gives the fields, the captcha is added.
    pub async fn register(&self, client: &Client, person: &NewPerson) -> (StatusCode, Value) {
        let ticket = self.captcha(client).await;
        self.send(client, app::accounts::api::RegisterPerson { input: person.typed(&ticket) }).await
    }

    pub async fn sign_in(&self, client: &Client, account: &str, password: &str) -> (StatusCode, Value) {
        let ticket = self.captcha(client).await;
        let input = app::accounts::SignInPersonInput {
            account: account.into(),
            password: password.into(),
            captcha_id: uuid(&ticket),
            captcha: CAPTCHA.into(),
        };
        self.send(client, app::accounts::api::SignInPerson { input }).await
    }

    /// Registers and signs in a new person on `client`; returns them.
    pub async fn signed_in_person(&self, client: &Client) -> NewPerson {
        let p = NewPerson::random();
        let (s, b) = self.register(client, &p).await;
        assert_eq!(s, StatusCode::OK, "register: {b}");
        let (s, b) = self.sign_in(client, &p.phone, &p.password).await;
        assert_eq!(s, StatusCode::OK, "sign in: {b}");
        p
    }

    /// One number from the database.
    pub async fn count(&self, sql: &str) -> i64 {
        self.scalar(sql).await
    }

    /// One text from the database.
    pub async fn text(&self, sql: &str) -> String {
        self.scalar(sql).await
    }

    async fn scalar<T: sea_orm::TryGetable>(&self, sql: &str) -> T {
        let row = self
            .db()
            .query_one_raw(sea_orm::Statement::from_string(self.db().get_database_backend(), sql.to_owned()))
            .await
            .expect("query")
            .expect("row");
        row.try_get_by_index::<T>(0).expect("a value of the asked type")
    }

    /// Stops the server gracefully and drops its database.
    pub async fn stop(mut self) {
        self.sender.abort();
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = tokio::time::timeout(std::time::Duration::from_secs(10), server).await;
        }
        let _ = self.state.db.clone().close().await;
        drop(self.pg.take());
    }
}

/// The six-digit code in the newest message to `recipient`.
pub async fn latest_code(app: &TestApp, recipient: &str) -> String {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let body = app::server::entities::outbox::Entity::find()
        .filter(app::server::entities::outbox::Column::Recipient.eq(recipient))
        .order_by_desc(app::server::entities::outbox::Column::Id)
        .one(app.db())
        .await
        .expect("outbox")
        .expect("a message")
        .body;
    body.split("验证码为 ").nth(1).expect("a code").chars().take(6).collect()
}

/// GB 11643 check character.
/// A UUID the server gave as text.
pub fn uuid(s: &str) -> Uuid {
    Uuid::parse_str(s).unwrap_or_else(|_| panic!("not a UUID: {s}"))
}

pub fn with_check(body17: &str) -> String {
    format!("{body17}{}", app::domain::id_number::check_char(body17.as_bytes()))
}

/// The fields of a registration.
#[derive(Debug, Clone)]
pub struct NewPerson {
    pub name: String,
    pub id_type: String,
    pub id_number: String,
    pub phone: String,
    pub email: String,
    pub password: String,
    pub password_confirm: String,
}

impl NewPerson {
    pub fn random() -> Self {
        let n = Uuid::new_v4().as_u128();
        let seq = (n % 900 + 100) as u32;
        let day = (n / 1000 % 28 + 1) as u32;
        let phone = format!("139{:08}", n / 100_000 % 100_000_000);
        Self {
            name: "测试用户".into(),
            id_type: "resident".into(),
            id_number: with_check(&format!("45010219850{}{:02}{seq}", 1 + (n / 7 % 9), day)),
            email: format!("{phone}@example.com"),
            phone,
            password: "Start@2026".into(),
            password_confirm: "Start@2026".into(),
        }
    }

    /// The registration as the page sends it.
    pub fn typed(&self, ticket: &str) -> app::accounts::RegisterPersonInput {
        app::accounts::RegisterPersonInput {
            name: self.name.clone(),
            id_type: self.id_type.clone(),
            id_number: self.id_number.clone(),
            birth_date: String::new(),
            gender: String::new(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            password: self.password.clone(),
            password_confirm: self.password_confirm.clone(),
            captcha_id: uuid(ticket),
            captcha: CAPTCHA.into(),
        }
    }

    pub fn input(&self, ticket: &str) -> Value {
        json!({
            "name": self.name, "id_type": self.id_type, "id_number": self.id_number,
            "birth_date": "", "gender": "", "phone": self.phone, "email": self.email,
            "password": self.password, "password_confirm": self.password_confirm,
            "captcha_id": ticket, "captcha": CAPTCHA,
        })
    }
}

/// The messages of a 422 answer, by field.
pub fn field_errors(body: &Value) -> Vec<(String, String)> {
    body["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| (e["field"].as_str().unwrap_or("").to_owned(), e["message"].as_str().unwrap_or("").to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

pub fn message_of(body: &Value) -> String {
    body["message"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| field_errors(body).into_iter().map(|(_, m)| m).collect::<Vec<_>>().join("；"))
}

// ------------------------------------------------------------------ units

/// A valid 统一社会信用代码 (GB 32100) no other test uses.
pub fn new_credit_code() -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let mut n = Uuid::new_v4().as_u128();
    let mut body = String::from("91450100");
    for _ in 0..9 {
        body.push(ALPHABET[(n % 31) as usize] as char);
        n /= 31;
    }
    let check = app::domain::credit_code::check_char(body.as_bytes()).expect("valid alphabet");
    format!("{body}{check}")
}

/// The smallest thing that is a PNG by its magic bytes.
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

impl TestApp {
    /// `POST /upload?purpose=licence` with one file.
    pub async fn upload(&self, client: &Client, name: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
        let form = reqwest::multipart::Form::new().part("file", part);
        let res =
            client.post(format!("{}/upload?purpose=licence", self.base)).multipart(form).send().await.expect("upload");
        let status = res.status();
        let text = res.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    /// Registers a unit in 南宁市青秀区 with a licence and the given staff.
    pub async fn register_unit(&self, client: &Client, unit: &NewUnit, staff: &[&str]) -> (StatusCode, Value) {
        let (s, file) = self.upload(client, "执照.png", PNG.to_vec()).await;
        assert_eq!(s, StatusCode::OK, "upload: {file}");
        let ticket = self.captcha(client).await;
        let input = app::units::RegisterUnitInput {
            licence_id: Some(uuid(file["id"].as_str().expect("a file id"))),
            staff_id_numbers: staff.iter().map(|s| s.to_string()).collect(),
            ..unit.typed(&ticket)
        };
        self.send(client, app::units::api::RegisterUnit { input }).await
    }

    /// The dropdown id of the unit named exactly `name`.
    pub async fn unit_id(&self, client: &Client, name: &str) -> Value {
        let (s, list) = self.send(client, app::units::api::SearchUnits { keyword: name.into() }).await;
        assert_eq!(s, StatusCode::OK, "{list}");
        list.as_array()
            .and_then(|a| a.iter().find(|u| u["name"] == name))
            .map(|u| u["id"].clone())
            .expect("unit in dropdown")
    }

    pub async fn sign_in_unit(&self, client: &Client, unit: &NewUnit) -> (StatusCode, Value) {
        let id = self.unit_id(client, &unit.name).await;
        let ticket = self.captcha(client).await;
        let input = app::units::SignInUnitInput {
            unit_id: id.as_str().map(uuid),
            credit_code: unit.credit_code.clone(),
            password: unit.password.clone(),
            captcha_id: uuid(&ticket),
            captcha: CAPTCHA.into(),
        };
        self.send(client, app::units::api::SignInUnit { input }).await
    }

    pub async fn sign_in_staff(
        &self,
        client: &Client,
        unit_name: &str,
        account: &str,
        password: &str,
    ) -> (StatusCode, Value) {
        let id = self.unit_id(client, unit_name).await;
        let ticket = self.captcha(client).await;
        let input = app::units::SignInStaffInput {
            unit_id: id.as_str().map(uuid),
            account: account.into(),
            password: password.into(),
            captcha_id: uuid(&ticket),
            captcha: CAPTCHA.into(),
        };
        self.send(client, app::units::api::SignInStaff { input }).await
    }

    /// Creates an officer of an organisation (by its code) and signs them in.
    pub async fn signed_in_officer(&self, client: &Client, username: &str, role: &str, org_code: Option<&str>) {
        app::server::seed::ensure_officer(self.db(), username, username, role, org_code, "Officer@2026")
            .await
            .expect("officer");
        let ticket = self.captcha(client).await;
        let input = app::accounts::SignInOfficerInput {
            username: username.into(),
            password: "Officer@2026".into(),
            captcha_id: uuid(&ticket),
            captcha: CAPTCHA.into(),
        };
        let (s, b) = self.send(client, app::accounts::api::SignInOfficer { input }).await;
        assert_eq!(s, StatusCode::OK, "officer sign-in: {b}");
    }
}

#[derive(Debug, Clone)]
pub struct NewUnit {
    pub credit_code: String,
    pub name: String,
    pub password: String,
}

impl NewUnit {
    pub fn random() -> Self {
        let code = new_credit_code();
        Self { name: format!("测试单位{}", &code[8..14]), credit_code: code, password: "Unit@2026".into() }
    }

    /// The registration as the page sends it, without a licence or staff.
    pub fn typed(&self, ticket: &str) -> app::units::RegisterUnitInput {
        app::units::RegisterUnitInput {
            credit_code: self.credit_code.clone(),
            name: self.name.clone(),
            legal_rep: "张法人".into(),
            kind: "非公企业".into(),
            industry: "I".into(),
            region_code: "450103".into(),
            address: "民族大道1号".into(),
            licence_id: None,
            staff_id_numbers: vec![],
            password: self.password.clone(),
            password_confirm: self.password.clone(),
            captcha_id: uuid(ticket),
            captcha: CAPTCHA.into(),
        }
    }
}

// ----------------------------------------------------------- declarations

/// An approved unit in 南宁 with one enabled staff member, both signed in.
pub struct World {
    pub unit: NewUnit,
    pub unit_client: Client,
    pub staff: NewPerson,
    pub staff_client: Client,
    pub applicant: NewPerson,
    pub applicant_client: Client,
}

impl TestApp {
    pub async fn approve_unit(&self, name: &str) {
        use app::server::entities::unit;
        use sea_orm::sea_query::Expr;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        unit::Entity::update_many()
            .col_expr(unit::Column::Status, Expr::value("approved"))
            .filter(unit::Column::Name.eq(name))
            .exec(self.db())
            .await
            .expect("approve");
    }

    pub async fn world(&self) -> World {
        let staff_client = self.client();
        let staff = self.signed_in_person(&self.client()).await;
        let unit = NewUnit::random();
        let unit_client = self.client();
        let (s, b) = self.register_unit(&unit_client, &unit, &[&staff.id_number]).await;
        assert_eq!(s, StatusCode::OK, "{b}");
        self.approve_unit(&unit.name).await;
        self.sign_in_unit(&unit_client, &unit).await;
        let (s, b) = self.sign_in_staff(&staff_client, &unit.name, &staff.phone, &staff.password).await;
        assert_eq!(s, StatusCode::OK, "{b}");
        let applicant_client = self.client();
        let applicant = self.signed_in_person(&applicant_client).await;
        World { unit, unit_client, staff, staff_client, applicant, applicant_client }
    }

    /// The open batch of the office the unit reports to (the 南宁市职改办
    /// for the test units) and a 系列/专业 pair.
    pub async fn choices(&self, client: &Client, unit_id: &Value) -> (i64, i64, i64) {
        let (s, o) = self.send(client, app::declarations::api::LoadDeclarationOptions { choosable: true }).await;
        assert_eq!(s, StatusCode::OK, "{o}");
        let unit_id = uuid(unit_id.as_str().expect("a unit id"));
        let (s, batches) = self.send(client, app::declarations::api::UnitBatches { unit_id }).await;
        assert_eq!(s, StatusCode::OK, "{batches}");
        let batch = &batches[0];
        assert!(batch["name"].as_str().unwrap().contains("南宁市职称改革工作领导小组办公室"), "{batch}");
        let series = &o["series"][0];
        (batch["id"].as_i64().unwrap(), series["id"].as_i64().unwrap(), series["specialties"][0][0].as_i64().unwrap())
    }

    /// A draft of `business` at `level` by the world's applicant; returns its id.
    pub async fn draft(&self, w: &World, business: &str, level: &str) -> String {
        let unit_id = self.unit_id(&w.applicant_client, &w.unit.name).await;
        let (batch, series, specialty) = self.choices(&w.applicant_client, &unit_id).await;
        let input = app::declarations::CreateDeclarationInput {
            business: Some(serde_json::from_value(json!(business)).expect("a business")),
            batch_id: Some(batch),
            unit_id: Some(uuid(unit_id.as_str().expect("a unit id"))),
            series_id: Some(series),
            specialty_id: Some(specialty),
            level: Some(serde_json::from_value(json!(level)).expect("a level")),
        };
        let (s, id) = self.send(&w.applicant_client, app::declarations::api::CreateDeclaration { input }).await;
        assert_eq!(s, StatusCode::OK, "{id}");
        id.as_str().unwrap().to_owned()
    }

    pub async fn detail(&self, client: &Client, id: &str) -> (StatusCode, Value) {
        self.send(client, app::declarations::api::LoadDeclaration { id: uuid(id) }).await
    }

    pub async fn upload_attachment(&self, client: &Client) -> Value {
        let part = reqwest::multipart::Part::bytes(b"%PDF-1.4\n%scan".to_vec()).file_name("学历证书.pdf");
        let form = reqwest::multipart::Form::new().part("file", part);
        let res = client.post(format!("{}/upload?purpose=attachment", self.base)).multipart(form).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        res.json().await.unwrap()
    }

    /// Saves `form` with an attachment and the commitment as given.
    pub async fn save(
        &self,
        client: &Client,
        id: &str,
        form: Value,
        commitment: bool,
        attachments: Vec<Value>,
    ) -> (StatusCode, Value) {
        let (_, d) = self.detail(client, id).await;
        self.call(
            client,
            "declarations/save_declaration",
            json!({ "input": { "id": id, "version": d["version"], "form": form, "commitment": commitment, "attachments": attachments } }),
        )
        .await
    }

    pub async fn submit(&self, client: &Client, id: &str) -> (StatusCode, Value) {
        let (_, d) = self.detail(client, id).await;
        let version = d["version"].as_i64().unwrap_or_default() as i32;
        self.send(client, app::declarations::api::SubmitDeclaration { id: uuid(id), version }).await
    }

    /// A complete 职称认定, saved and 报送单位; returns its id.
    pub async fn submitted(&self, w: &World, level: &str) -> String {
        let id = self.draft(w, "Recognition", level).await;
        let file = self.upload_attachment(&w.applicant_client).await;
        let (s, b) = self.save(&w.applicant_client, &id, recognition_form(), true, vec![file["id"].clone()]).await;
        assert_eq!(s, StatusCode::OK, "{b}");
        let (s, b) = self.submit(&w.applicant_client, &id).await;
        assert_eq!(s, StatusCode::OK, "{b}");
        id
    }

    /// Fills every opinion the level needs. Each save carries the version
    /// the previous one returned.
    pub async fn fill_opinions(&self, client: &Client, id: &str, with_committee: bool) {
        use app::declarations::api::{SaveAppraisal, SaveCommittee, SavePublicity, SaveRecommendation};
        use app::declarations::form::{Appraisal, Committee, Publicity, Recommendation, YearResult};
        let (_, d) = self.detail(client, id).await;
        let id = uuid(id);
        let version_of = |d: &Value| d["version"].as_i64().expect("a version") as i32;
        let check = |endpoint: &str, (s, b): (StatusCode, Value)| {
            assert_eq!(s, StatusCode::OK, "{endpoint}: {b}");
            b
        };
        let opinion = Recommendation { text: "该同志工作认真，同意推荐。".into() };
        let b = self.send(client, SaveRecommendation { id, version: version_of(&d), opinion }).await;
        let b = check("declarations/save_recommendation", b);
        let year = |year: &str, result: &str| YearResult { year: year.into(), result: result.into() };
        let opinion =
            Appraisal { rows: vec![year("2024", "合格"), year("2025", "优秀")], term_result: "合格".into() };
        let b = self.send(client, SaveAppraisal { id, version: version_of(&b), opinion }).await;
        let b = check("declarations/save_appraisal", b);
        let opinion = Publicity {
            start: "2026-10-08".into(),
            end: "2026-10-14".into(),
            result: "无异议".into(),
            explanation: String::new(),
        };
        let b = self.send(client, SavePublicity { id, version: version_of(&b), opinion }).await;
        let b = check("declarations/save_publicity", b);
        if with_committee {
            let opinion = Committee {
                meeting_date: "2026-10-20".into(),
                members: 7,
                votes_for: 6,
                votes_against: 0,
                votes_abstain: 1,
                opinion: "同意推荐".into(),
            };
            let b = self.send(client, SaveCommittee { id, version: version_of(&b), opinion }).await;
            check("declarations/save_committee", b);
        }
    }

    /// Saves one opinion with the declaration's current version.
    pub async fn save_opinion(&self, client: &Client, id: &str, endpoint: &str, opinion: Value) -> (StatusCode, Value) {
        let (_, d) = self.detail(client, id).await;
        self.call(client, endpoint, json!({ "id": id, "version": d["version"], "opinion": opinion })).await
    }

    pub async fn forward(&self, client: &Client, id: &str, target: &str) -> (StatusCode, Value) {
        let (_, d) = self.detail(client, id).await;
        let input = app::declarations::ForwardInput {
            id: uuid(id),
            version: d["version"].as_i64().unwrap_or_default() as i32,
            unit_leader: "王负责".into(),
            target: target.into(),
        };
        self.send(client, app::declarations::api::ForwardDeclaration { input }).await
    }

    pub async fn send_back(&self, client: &Client, id: &str, reject: bool, reason: &str) -> (StatusCode, Value) {
        let (_, d) = self.detail(client, id).await;
        let input = app::declarations::ReturnInput {
            id: uuid(id),
            version: d["version"].as_i64().unwrap_or_default() as i32,
            reject,
            reason: reason.into(),
        };
        self.send(client, app::declarations::api::ReturnDeclaration { input }).await
    }

    pub async fn status(&self, client: &Client, id: &str) -> String {
        let (_, d) = self.detail(client, id).await;
        d["status"].as_str().unwrap_or_default().to_owned()
    }
}

/// A complete 职称认定 form (本科, working since 2018).
pub fn recognition_form() -> Value {
    json!({
        "work_start": "2018-07", "current_post": "软件开发",
        "education": [{ "start": "2014-09", "end": "2018-06", "school": "广西大学", "major": "计算机科学与技术", "education": "本科" }],
        "experience": [{ "start": "2018-07", "end": "", "employer": "南宁某公司", "position": "工程师" }],
        "training": [{ "year": "2025", "content": "继续教育公需科目", "hours": "72" }],
        "achievements": [], "papers": [],
        "appraisals": [{ "year": "2025", "result": "合格" }],
    })
}
