//! The role × resource matrix: every server function and every plain route,
//! called by each kind of caller, allowed where DESIGN.md says so and
//! refused — with nothing changed — everywhere else.
//!
//! One table below. A server function registered by the app without a row
//! here fails `every_server_function_has_a_row`, so a new function cannot
//! ship without saying who may call it. Calls are made with the functions'
//! own argument types (`TestApp::send`).
//!
//! "Allowed" means the access layer let the call through: the answer is
//! not 401/403 (it may still be a 4xx about the input — arguments are
//! chosen so an allowed call changes nothing that later rows need).
//! "Refused" means 401 (not signed in) or 403; a file that may not be seen
//! answers 404 (its existence is not told). Refused calls change nothing:
//! the fingerprint of the business tables is the same before and after.

use crate::harness::*;
use crate::on_both_databases;
use app::accounts::api as acc;
use app::accounts::{ChangePasswordInput, ForgotResetInput, ForgotStartInput, RegisterPersonInput};
use app::accounts::{SignInOfficerInput, SignInPersonInput, UpdateContactInput};
use app::admin::api as adm;
use app::admin::{BatchDatesInput, NewBatchInput, NewOfficerInput, NewOrgInput, RenameOrgInput, ResetPasswordInput};
use app::captcha as cap;
use app::certificates::api as cert;
use app::declarations::api as dec;
use app::declarations::form::{Appraisal, Committee, Publicity, Recommendation};
use app::declarations::workflow::Action;
use app::declarations::{
    BatchDecideInput, BatchItem, CreateDeclarationInput, DecideInput, ForwardInput, OfficeFilter, OperationFilter,
    ReturnInput, SaveDeclarationInput, TodoFilter,
};
use app::dictionaries::api as dict;
use app::dictionaries::{IndustryInput, SeriesInput, SpecialtyInput, SpecialtyNameInput};
use app::statistics::api as stat;
use app::units::api as uni;
use app::units::{
    ContactInput, RecoveryResetInput, RecoverySendInput, RecoveryStartInput, RegisterUnitInput, SignInStaffInput,
    SignInUnitInput, UpdateUnitInput,
};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use uuid::Uuid;

on_both_databases!(every_caller_is_allowed_or_refused_as_the_design_says);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Anonymous,
    Applicant,
    /// The applicant of another declaration (at another unit).
    OtherApplicant,
    Unit,
    OtherUnit,
    /// A unit whose registration the 职改办 has not approved yet.
    PendingUnit,
    Staff,
    /// A staff member whose link the unit has disabled since sign-in.
    DisabledStaff,
    OtherStaff,
    /// 主管部门 and 职改办 of the unit's city, and of another city.
    DeptIn,
    DeptOut,
    OfficeIn,
    OfficeOut,
    Admin,
}

use Who::*;

const ALL: [Who; 14] = [
    Anonymous,
    Applicant,
    OtherApplicant,
    Unit,
    OtherUnit,
    PendingUnit,
    Staff,
    DisabledStaff,
    OtherStaff,
    DeptIn,
    DeptOut,
    OfficeIn,
    OfficeOut,
    Admin,
];
/// Everyone whose session is still good (a disabled staff member's is not).
const SIGNED_IN: [Who; 12] = [
    Applicant,
    OtherApplicant,
    Unit,
    OtherUnit,
    PendingUnit,
    Staff,
    OtherStaff,
    DeptIn,
    DeptOut,
    OfficeIn,
    OfficeOut,
    Admin,
];
const PEOPLE: [Who; 2] = [Applicant, OtherApplicant];
const UNITS: [Who; 3] = [Unit, OtherUnit, PendingUnit];
const APPROVED_UNITS: [Who; 2] = [Unit, OtherUnit];
const STAFF: [Who; 2] = [Staff, OtherStaff];
const OFFICERS: [Who; 4] = [DeptIn, DeptOut, OfficeIn, OfficeOut];
const OFFICES_AND_ADMIN: [Who; 3] = [OfficeIn, OfficeOut, Admin];

/// What the table's rows refer to.
struct Fx {
    unit_a: Uuid,
    pending_unit: Uuid,
    applicant_id: Uuid,
    /// 待审核 by unit A (its staff review it).
    d_unit: Uuid,
    /// Sent by unit A to the 南宁市职改办.
    d_office: Uuid,
    /// Sent by unit A to a 南宁 主管部门.
    d_dept: Uuid,
    /// A spare staff link of unit A (enabled, removable).
    spare_link: Uuid,
    /// The applicant's own link to the other unit (they may leave it).
    applicant_link: Uuid,
    contact: Uuid,
    change: Uuid,
    licence: Uuid,
    attachment: Uuid,
    /// The 南宁 主管部门 (`ZGBM-450100-1`) and its officer (DeptIn).
    dept_in_org: i64,
    dept_in_officer: Uuid,
    /// The 南宁市职改办's open batch, and a future one of it (closing it is refused as input, changes nothing).
    batch_in: i64,
    batch_not_open: i64,
}

/// A call: a server function with its typed arguments, or a plain route.
enum Call {
    Fn(&'static str, Value),
    Get(String),
    /// A form post to a plain route.
    Post(String, Vec<(&'static str, String)>),
    Upload(&'static str),
}

/// One row: a name (the server function's path, or the route), who may,
/// and the call.
struct Row {
    name: &'static str,
    allowed: Vec<Who>,
    call: Call,
    /// Probed by an anonymous caller only (it would end the others' sessions).
    anonymous_only: bool,
}

fn f<F: leptos::server_fn::ServerFn + serde::Serialize>(args: F) -> Call {
    Call::Fn(F::PATH, serde_json::to_value(args).expect("arguments serialise"))
}

fn row(name: &'static str, allowed: &[Who], call: Call) -> Row {
    Row { name, allowed: allowed.to_vec(), call, anonymous_only: false }
}

/// A batch decision of one row at a stale version, without its reason.
fn batch(id: Uuid, action: Action) -> BatchDecideInput {
    BatchDecideInput {
        items: vec![BatchItem { id, version: -1 }],
        action,
        reason: String::new(),
        approval: Default::default(),
    }
}

fn table(x: &Fx) -> Vec<Row> {
    let ticket = Uuid::nil();
    let bad = "x".to_string();
    let todo = TodoFilter { page: 1, ..Default::default() };
    vec![
        // ----------------------------------------------------- public
        row("/api/captcha/new", &ALL, f(cap::NewCaptcha {})),
        row("/api/accounts/current_session_user", &ALL, f(acc::CurrentSessionUser {})),
        row("/api/units/search_units", &ALL, f(uni::SearchUnits { keyword: "测试".into() })),
        row("/api/units/industry_options", &ALL, f(uni::IndustryOptions { current: String::new() })),
        row(
            "/api/accounts/register_person",
            &ALL,
            f(acc::RegisterPerson { input: RegisterPersonInput { captcha_id: ticket, ..Default::default() } }),
        ),
        row(
            "/api/accounts/sign_in_person",
            &ALL,
            f(acc::SignInPerson {
                input: SignInPersonInput { account: "13000000000".into(), captcha_id: ticket, ..Default::default() },
            }),
        ),
        row(
            "/api/accounts/sign_in_officer",
            &ALL,
            f(acc::SignInOfficer {
                input: SignInOfficerInput { username: "nobody".into(), captcha_id: ticket, ..Default::default() },
            }),
        ),
        row(
            "/api/units/register_unit",
            &ALL,
            f(uni::RegisterUnit { input: RegisterUnitInput { captcha_id: ticket, ..Default::default() } }),
        ),
        row(
            "/api/units/sign_in_unit",
            &ALL,
            f(uni::SignInUnit {
                input: SignInUnitInput { unit_id: Some(x.unit_a), captcha_id: ticket, ..Default::default() },
            }),
        ),
        row(
            "/api/units/sign_in_staff",
            &ALL,
            f(uni::SignInStaff {
                input: SignInStaffInput { unit_id: Some(x.unit_a), captcha_id: ticket, ..Default::default() },
            }),
        ),
        row(
            "/api/accounts/forgot_password_start",
            &ALL,
            f(acc::ForgotPasswordStart { input: ForgotStartInput { captcha_id: ticket, ..Default::default() } }),
        ),
        row(
            "/api/accounts/forgot_password_reset",
            &ALL,
            f(acc::ForgotPasswordReset { input: ForgotResetInput { token: Uuid::new_v4(), ..Default::default() } }),
        ),
        row(
            "/api/units/recovery_start",
            &ALL,
            f(uni::RecoveryStart {
                input: RecoveryStartInput { unit_id: Some(x.unit_a), captcha_id: ticket, ..Default::default() },
            }),
        ),
        row(
            "/api/units/recovery_send_code",
            &ALL,
            f(uni::RecoverySendCode { input: RecoverySendInput { token: Uuid::new_v4(), ..Default::default() } }),
        ),
        row(
            "/api/units/recovery_reset",
            &ALL,
            f(uni::RecoveryReset { input: RecoveryResetInput { token: Uuid::new_v4(), ..Default::default() } }),
        ),
        Row {
            name: "/api/accounts/sign_out",
            allowed: vec![Anonymous],
            call: f(acc::SignOut {}),
            anonymous_only: true,
        },
        // ------------------------------------------ any signed-in account
        row(
            "/api/accounts/change_password",
            &SIGNED_IN,
            f(acc::ChangePassword {
                input: ChangePasswordInput { old_password: "Wrong@2026".into(), ..Default::default() },
            }),
        ),
        row(
            "/api/declarations/load_declaration_options",
            &SIGNED_IN,
            f(dec::LoadDeclarationOptions { choosable: true }),
        ),
        // ------------------------------------------------ the applicant
        row("/api/accounts/load_person_profile", &[Applicant], f(acc::LoadPersonProfile { person_id: x.applicant_id })),
        row(
            "/api/accounts/update_contact",
            &[Applicant],
            f(acc::UpdateContact {
                input: UpdateContactInput { person_id: x.applicant_id, phone: bad.clone(), email: bad.clone() },
            }),
        ),
        row("/api/declarations/unit_batches", &PEOPLE, f(dec::UnitBatches { unit_id: x.unit_a })),
        row(
            "/api/declarations/create_declaration",
            &PEOPLE,
            f(dec::CreateDeclaration { input: CreateDeclarationInput::default() }),
        ),
        row("/api/declarations/my_declarations", &PEOPLE, f(dec::MyDeclarations {})),
        row("/api/declarations/my_messages", &PEOPLE, f(dec::MyMessages {})),
        row("/api/declarations/mark_messages_read", &PEOPLE, f(dec::MarkMessagesRead {})),
        row(
            "/api/declarations/save_declaration",
            &[Applicant],
            f(dec::SaveDeclaration {
                input: SaveDeclarationInput {
                    id: x.d_unit,
                    version: -1,
                    form: Default::default(),
                    commitment: false,
                    attachments: vec![],
                },
            }),
        ),
        row(
            "/api/declarations/submit_declaration",
            &[Applicant],
            f(dec::SubmitDeclaration { id: x.d_unit, version: -1 }),
        ),
        row("/api/units/my_units", &[Applicant, OtherApplicant, Staff, OtherStaff], f(uni::MyUnits {})),
        row("/api/units/leave_unit", &[Applicant], f(uni::LeaveUnit { id: x.applicant_link })),
        // ------------------------------------------ who may see a declaration
        row("/api/declarations/load_declaration", &[Applicant, Staff, Admin], f(dec::LoadDeclaration { id: x.d_unit })),
        row(
            "/api/declarations/load_declaration",
            &[Staff, OfficeIn, Admin],
            f(dec::LoadDeclaration { id: x.d_office }),
        ),
        // The 南宁市职改办 sees what its city's units forwarded, also to a 主管部门.
        row(
            "/api/declarations/load_declaration",
            &[Staff, DeptIn, OfficeIn, Admin],
            f(dec::LoadDeclaration { id: x.d_dept }),
        ),
        row("/api/declarations/reveal_identity", &[Staff, Admin], f(dec::RevealIdentity { id: x.d_unit })),
        row("/api/declarations/reveal_identity", &[Staff, OfficeIn, Admin], f(dec::RevealIdentity { id: x.d_office })),
        // ------------------------------------------------------ unit staff
        row("/api/declarations/staff_home", &STAFF, f(dec::LoadStaffHome {})),
        row("/api/declarations/todo_count", &STAFF, f(dec::TodoCount {})),
        row("/api/declarations/todo_list", &STAFF, f(dec::TodoList { filter: todo })),
        row("/api/declarations/operation_log", &STAFF, f(dec::OperationLog { filter: OperationFilter::default() })),
        row(
            "/api/declarations/save_recommendation",
            &[Staff],
            f(dec::SaveRecommendation { id: x.d_unit, version: -1, opinion: Recommendation::default() }),
        ),
        row(
            "/api/declarations/save_appraisal",
            &[Staff],
            f(dec::SaveAppraisal { id: x.d_unit, version: -1, opinion: Appraisal::default() }),
        ),
        row(
            "/api/declarations/save_publicity",
            &[Staff],
            f(dec::SavePublicity { id: x.d_unit, version: -1, opinion: Publicity::default() }),
        ),
        row(
            "/api/declarations/save_committee",
            &[Staff],
            f(dec::SaveCommittee { id: x.d_unit, version: -1, opinion: Committee::default() }),
        ),
        row("/api/declarations/forward_targets", &[Staff], f(dec::ForwardTargets { id: x.d_unit })),
        row(
            "/api/declarations/forward_declaration",
            &[Staff],
            f(dec::ForwardDeclaration { input: ForwardInput { id: x.d_unit, version: -1, ..Default::default() } }),
        ),
        row(
            "/api/declarations/return_declaration",
            &[Staff],
            f(dec::ReturnDeclaration { input: ReturnInput { id: x.d_unit, version: -1, ..Default::default() } }),
        ),
        // ------------------------------------------------------- offices
        row("/api/declarations/office_home", &OFFICERS, f(dec::LoadOfficeHome {})),
        row("/api/declarations/org_queue", &OFFICERS, f(dec::OrgQueue { filter: OfficeFilter::default() })),
        row("/api/declarations/org_decided", &OFFICERS, f(dec::OrgDecided { page: 1 })),
        row("/api/declarations/org_search", &OFFICERS, f(dec::OrgSearch { filter: OfficeFilter::default() })),
        // A batch is open to every office (rows outside its reach fail one
        // by one); the action must be its role's. An empty reason: nothing moves.
        row(
            "/api/declarations/decide_many",
            &[OfficeIn, OfficeOut],
            f(dec::DecideMany { input: batch(x.d_office, Action::OfficeReturn) }),
        ),
        row(
            "/api/declarations/decide_many",
            &[DeptIn, DeptOut],
            f(dec::DecideMany { input: batch(x.d_dept, Action::DepartmentReturn) }),
        ),
        row("/api/declarations/unit_messages", &STAFF, f(dec::UnitMessages {})),
        row("/api/declarations/mark_unit_messages_read", &STAFF, f(dec::MarkUnitMessagesRead {})),
        // -------------------------------------------------- administration
        // Allowed calls fail on their input or change nothing (enabling
        // what is enabled); a 市职改办 reaches only the 主管部门 under it.
        row("/api/admin/org_tree", &OFFICES_AND_ADMIN, f(adm::OrgTree {})),
        row(
            "/api/admin/create_org",
            &OFFICES_AND_ADMIN,
            f(adm::CreateOrg { input: NewOrgInput { parent_id: 0, ..Default::default() } }),
        ),
        row(
            "/api/admin/rename_org",
            &[OfficeIn, Admin],
            f(adm::RenameOrg { input: RenameOrgInput { id: x.dept_in_org, ..Default::default() } }),
        ),
        row(
            "/api/admin/set_org_enabled",
            &[OfficeIn, Admin],
            f(adm::SetOrgEnabled { id: x.dept_in_org, enabled: true }),
        ),
        row("/api/admin/org_officers", &[OfficeIn, Admin], f(adm::OrgOfficers { org_id: x.dept_in_org })),
        row(
            "/api/admin/create_officer",
            &[OfficeIn, Admin],
            f(adm::CreateOfficer { input: NewOfficerInput { org_id: x.dept_in_org, ..Default::default() } }),
        ),
        row(
            "/api/admin/set_officer_enabled",
            &[OfficeIn, Admin],
            f(adm::SetOfficerEnabled { id: x.dept_in_officer, enabled: true }),
        ),
        row(
            "/api/admin/reset_officer_password",
            &[OfficeIn, Admin],
            f(adm::ResetOfficerPassword { input: ResetPasswordInput { id: x.dept_in_officer, ..Default::default() } }),
        ),
        row(
            "/api/statistics/load_statistics",
            &[DeptIn, DeptOut, OfficeIn, OfficeOut, Admin],
            f(stat::LoadStatistics { filter: Default::default() }),
        ),
        row("/api/statistics/recount_statistics", &[Admin], f(stat::RecountStatistics {})),
        row(
            "GET 统计分析 Excel",
            &[DeptIn, DeptOut, OfficeIn, OfficeOut, Admin],
            Call::Get("/exports/statistics.xlsx".into()),
        ),
        row("/api/admin/login_log", &[Admin], f(adm::LoginLog { filter: Default::default() })),
        row("/api/admin/audit_log", &[Admin], f(adm::AuditLog { filter: Default::default() })),
        row("/api/admin/audit_kinds", &[Admin], f(adm::AuditKinds { transitions: false })),
        row("GET 登录日志 Excel", &[Admin], Call::Get("/exports/login-log.xlsx".into())),
        row("GET 操作日志 Excel", &[Admin], Call::Get("/exports/audit-log.xlsx".into())),
        row("/api/admin/list_batches", &OFFICES_AND_ADMIN, f(adm::ListBatches {})),
        row(
            "/api/admin/create_batch",
            &OFFICES_AND_ADMIN,
            f(adm::CreateBatch { input: NewBatchInput { year: 1999, ..Default::default() } }),
        ),
        // The 南宁市职改办's batch: its own office and the administrator.
        row(
            "/api/admin/set_batch_dates",
            &[OfficeIn, Admin],
            f(adm::SetBatchDates { input: BatchDatesInput { id: x.batch_in, ..Default::default() } }),
        ),
        row("/api/admin/close_batch", &[OfficeIn, Admin], f(adm::CloseBatch { id: x.batch_not_open })),
        // ---------------------------------------------------- dictionaries
        // The administrator's; allowed calls fail on their input or enable
        // what is enabled.
        row("/api/dictionaries/list_series", &[Admin], f(dict::ListSeries {})),
        row("/api/dictionaries/load_series", &[Admin], f(dict::LoadSeries { id: 1 })),
        row("/api/dictionaries/save_series", &[Admin], f(dict::SaveSeries { input: SeriesInput::default() })),
        row("/api/dictionaries/set_series_enabled", &[Admin], f(dict::SetSeriesEnabled { id: 1, enabled: true })),
        row(
            "/api/dictionaries/save_specialty",
            &[Admin],
            f(dict::SaveSpecialty { input: SpecialtyInput { series_id: 1, ..Default::default() } }),
        ),
        row("/api/dictionaries/set_specialty_enabled", &[Admin], f(dict::SetSpecialtyEnabled { id: 1, enabled: true })),
        row(
            "/api/dictionaries/save_specialty_name",
            &[Admin],
            f(dict::SaveSpecialtyName {
                input: SpecialtyNameInput {
                    specialty_id: 1,
                    level: app::declarations::Level::Junior,
                    name: String::new(),
                },
            }),
        ),
        row(
            "/api/dictionaries/set_qualification_name_enabled",
            &[Admin],
            f(dict::SetQualificationNameEnabled { id: 1, enabled: true }),
        ),
        row("/api/dictionaries/list_industries", &[Admin], f(dict::ListIndustries {})),
        row("/api/dictionaries/save_industry", &[Admin], f(dict::SaveIndustry { input: IndustryInput::default() })),
        row("/api/dictionaries/set_industry_enabled", &[Admin], f(dict::SetIndustryEnabled { id: 1, enabled: true })),
        row("/api/dictionaries/load_rules", &[Admin], f(dict::LoadRules {})),
        row(
            "/api/dictionaries/save_rules",
            &[Admin],
            f(dict::SaveRules {
                rules: vec![app::declarations::rules::Rule {
                    education: "本科".into(),
                    level: app::declarations::Level::Junior,
                    min_years: -1,
                }],
            }),
        ),
        // ---------------------------------------------------- certificates
        row("/api/certificates/my_certificates", &PEOPLE, f(cert::MyCertificates {})),
        row("/api/certificates/my_certificate", &PEOPLE, f(cert::MyCertificate { id: Uuid::nil() })),
        row("/api/certificates/losable_certificates", &PEOPLE, f(cert::LosableCertificates {})),
        row(
            "/api/certificates/unit_certificates",
            &STAFF,
            f(cert::UnitCertificates { keyword: String::new(), page: 1 }),
        ),
        row(
            "/api/certificates/verify_certificate",
            &ALL,
            f(cert::VerifyCertificate { input: app::certificates::VerifyInput::default() }),
        ),
        row("/api/certificates/verify_link", &ALL, f(cert::VerifyLink { code: "UNKNOWN".into() })),
        row(
            "/api/declarations/decide_declaration",
            &[OfficeIn],
            f(dec::DecideDeclaration {
                input: DecideInput {
                    id: x.d_office,
                    version: -1,
                    action: Action::OfficeReturn,
                    reason: String::new(),
                    approval: Default::default(),
                },
            }),
        ),
        row(
            "/api/declarations/decide_declaration",
            &[DeptIn],
            f(dec::DecideDeclaration {
                input: DecideInput {
                    id: x.d_dept,
                    version: -1,
                    action: Action::DepartmentReturn,
                    reason: String::new(),
                    approval: Default::default(),
                },
            }),
        ),
        row(
            "/api/units/list_unit_registrations",
            &OFFICES_AND_ADMIN,
            f(uni::ListUnitRegistrations { status: None, page: 1 }),
        ),
        row(
            "/api/units/review_unit_registration",
            &[OfficeIn, Admin],
            f(uni::ReviewUnitRegistration { id: x.pending_unit, approve: false, note: String::new() }),
        ),
        row("/api/units/list_unit_changes", &OFFICES_AND_ADMIN, f(uni::ListUnitChanges {})),
        row(
            "/api/units/review_unit_change",
            &[OfficeIn, Admin],
            f(uni::ReviewUnitChange { id: x.change, approve: false, note: String::new() }),
        ),
        // ---------------------------------------------------- unit account
        row("/api/units/load_unit_profile", &UNITS, f(uni::LoadUnitProfile {})),
        row("/api/units/update_unit_info", &UNITS, f(uni::UpdateUnitInfo { input: UpdateUnitInput::default() })),
        row("/api/units/list_unit_renames", &UNITS, f(uni::ListUnitRenames {})),
        row("/api/units/list_unit_contacts", &APPROVED_UNITS, f(uni::ListUnitContacts {})),
        row(
            "/api/units/save_unit_contact",
            &APPROVED_UNITS,
            f(uni::SaveUnitContact {
                input: ContactInput { id: None, name: String::new(), phone: bad.clone(), email: bad },
            }),
        ),
        row("/api/units/remove_unit_contact", &[Unit], f(uni::RemoveUnitContact { id: x.contact })),
        row("/api/units/list_unit_staff", &APPROVED_UNITS, f(uni::ListUnitStaff {})),
        row(
            "/api/units/lookup_staff_candidate",
            &APPROVED_UNITS,
            f(uni::LookupStaffCandidate { id_number: "1".into() }),
        ),
        row("/api/units/add_unit_staff", &APPROVED_UNITS, f(uni::AddUnitStaff { id_number: "1".into() })),
        row(
            "/api/units/set_unit_staff_enabled",
            &[Unit],
            f(uni::SetUnitStaffEnabled { id: x.spare_link, enabled: true }),
        ),
        row("/api/units/remove_unit_staff", &[Unit], f(uni::RemoveUnitStaff { id: x.spare_link })),
        // --------------------------------------------------- plain routes
        row("GET /healthz", &ALL, Call::Get("/healthz".into())),
        row("GET /readyz", &ALL, Call::Get("/readyz".into())),
        row("GET /files/{id} (licence)", &[Unit, OfficeIn, Admin], Call::Get(format!("/files/{}", x.licence))),
        row("GET /files/{id} (attachment)", &[Applicant, Staff, Admin], Call::Get(format!("/files/{}", x.attachment))),
        row("GET /exports/operation-log.xlsx", &STAFF, Call::Get("/exports/operation-log.xlsx".into())),
        row("GET /exports/declarations.xlsx", &OFFICERS, Call::Get("/exports/declarations.xlsx".into())),
        row(
            "GET 评审表 (at the unit)",
            &[Applicant, Staff, Admin],
            Call::Get(app::documents::review_form_path(x.d_unit, false)),
        ),
        row(
            "GET 评审表 公示版 (at the office)",
            &[Staff, OfficeIn, Admin],
            Call::Get(app::documents::review_form_path(x.d_office, true)),
        ),
        row(
            "POST 评审表 zip",
            &[Applicant, Staff, Admin],
            Call::Post(app::documents::REVIEW_FORMS_ZIP.into(), vec![("ids", x.d_unit.to_string())]),
        ),
        row("GET 公示版 zip of a query", &OFFICERS, Call::Get(app::documents::PUBLIC_REVIEW_FORMS_ZIP.into())),
        row("POST /upload?purpose=attachment", &PEOPLE, Call::Upload("attachment")),
        row("POST /upload?purpose=licence", &ALL, Call::Upload("licence")),
    ]
}

/// The business tables, summed: a refused call leaves every number as it was.
async fn fingerprint(app: &TestApp) -> Vec<i64> {
    let mut out = Vec::new();
    for sql in [
        "SELECT COUNT(*) FROM account",
        "SELECT COUNT(*) FROM person",
        "SELECT COUNT(*) FROM unit",
        "SELECT COUNT(*) FROM unit WHERE status = 'approved'",
        "SELECT COUNT(*) FROM unit_staff",
        "SELECT COUNT(*) FROM unit_staff WHERE enabled = true",
        "SELECT COUNT(*) FROM unit_contact",
        "SELECT COUNT(*) FROM unit_change WHERE status = 'pending'",
        "SELECT COUNT(*) FROM declaration",
        "SELECT COALESCE(SUM(version), 0) FROM declaration",
        "SELECT COUNT(*) FROM unit_opinion",
        "SELECT COUNT(*) FROM operation_log",
        "SELECT COUNT(*) FROM message",
        "SELECT COUNT(*) FROM message WHERE read = false",
        "SELECT COUNT(*) FROM upload",
        "SELECT COUNT(*) FROM session",
        "SELECT COUNT(*) FROM certificate",
        "SELECT COUNT(*) FROM certificate_lookup",
        "SELECT COUNT(*) FROM unit_message",
        "SELECT COUNT(*) FROM unit_message WHERE read = false",
        "SELECT COUNT(*) FROM batch",
        "SELECT COUNT(*) FROM org",
        "SELECT COUNT(*) FROM org WHERE disabled_at IS NULL",
        "SELECT COUNT(*) FROM officer",
        "SELECT COUNT(*) FROM account WHERE disabled_at IS NULL",
        "SELECT COUNT(*) FROM account WHERE must_change_password = true",
        "SELECT COUNT(*) FROM series WHERE disabled_at IS NULL",
        "SELECT COUNT(*) FROM specialty WHERE disabled_at IS NULL",
        "SELECT COUNT(*) FROM qualification_name WHERE disabled_at IS NULL",
        "SELECT COUNT(*) FROM industry WHERE disabled_at IS NULL",
        "SELECT COUNT(*) FROM series",
        "SELECT COUNT(*) FROM specialty",
        "SELECT COUNT(*) FROM qualification_name",
        "SELECT COUNT(*) FROM industry",
        "SELECT COUNT(*) FROM qualification_rule",
        "SELECT COALESCE(SUM(min_years), 0) FROM qualification_rule",
    ] {
        out.push(app.count(sql).await);
    }
    out
}

async fn run(app: &TestApp, client: &Client, call: &Call) -> StatusCode {
    match call {
        Call::Fn(path, body) => {
            client.post(format!("{}{path}", app.base)).json(body).send().await.expect("request").status()
        }
        Call::Get(path) => client.get(format!("{}{path}", app.base)).send().await.expect("request").status(),
        Call::Post(path, form) => {
            client.post(format!("{}{path}", app.base)).form(form).send().await.expect("request").status()
        }
        Call::Upload(purpose) => {
            let part = reqwest::multipart::Part::bytes(PNG.to_vec()).file_name("执照.png");
            let form = reqwest::multipart::Form::new().part("file", part);
            let url = format!("{}/upload?purpose={purpose}", app.base);
            client.post(url).multipart(form).send().await.expect("upload").status()
        }
    }
}

fn refused(call: &Call, s: StatusCode) -> bool {
    match call {
        Call::Get(path) if path.starts_with("/files/") => s == StatusCode::NOT_FOUND,
        _ => s == StatusCode::UNAUTHORIZED || s == StatusCode::FORBIDDEN,
    }
}

async fn every_caller_is_allowed_or_refused_as_the_design_says(db: Db) {
    let app = TestApp::spawn(db).await;
    let (clients, x) = fixture(&app).await;

    // Every registered server function has a row.
    let rows = table(&x);
    let named: BTreeSet<&str> = rows.iter().map(|r| r.name).collect();
    let missing: Vec<&str> =
        leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path).filter(|p| !named.contains(p)).collect();
    assert!(missing.is_empty(), "server functions without a row in the matrix: {missing:?}");

    let mut wrong = Vec::new();
    for r in &rows {
        let callers: Vec<Who> = if r.anonymous_only { vec![Anonymous] } else { ALL.to_vec() };
        // Refused callers first: the allowed call (last) may use the resource up.
        let (mut allowed, refused_callers): (Vec<Who>, Vec<Who>) =
            callers.into_iter().partition(|w| r.allowed.contains(w));
        allowed.sort();
        for who in refused_callers {
            let before = fingerprint(&app).await;
            let s = run(&app, &clients[who as usize], &r.call).await;
            if !refused(&r.call, s) {
                wrong.push(format!("{} by {who:?}: expected refused, got {s}", r.name));
            }
            if fingerprint(&app).await != before {
                wrong.push(format!("{} by {who:?}: refused but something changed", r.name));
            }
        }
        for who in allowed {
            let s = run(&app, &clients[who as usize], &r.call).await;
            if refused(&r.call, s) || s.is_server_error() {
                wrong.push(format!("{} by {who:?}: expected allowed, got {s}", r.name));
            }
        }
    }
    assert!(wrong.is_empty(), "{} cells disagree with the design:\n{}", wrong.len(), wrong.join("\n"));
    app.stop().await;
}

/// Two approved units in 南宁 with staff and applicants, a pending unit,
/// declarations at three stages, officers inside and outside the city.
async fn fixture(app: &TestApp) -> (Vec<Client>, Fx) {
    let w = app.world().await;
    let o = app.world().await;
    let d_unit = app.submitted(&w, "Junior").await;
    // Two more applicants of unit A whose declarations went on.
    let mut sent = Vec::new();
    for target in ["ZGB-450100", "ZGBM-450100-1"] {
        let c = app.client();
        let p = app.signed_in_person(&c).await;
        let wb = World {
            unit: w.unit.clone(),
            unit_client: w.unit_client.clone(),
            staff: w.staff.clone(),
            staff_client: w.staff_client.clone(),
            applicant: p,
            applicant_client: c,
        };
        let id = app.submitted(&wb, "Junior").await;
        app.fill_opinions(&w.staff_client, &id, false).await;
        let (s, b) = app.forward(&w.staff_client, &id, target).await;
        assert_eq!(s, StatusCode::OK, "{b}");
        sent.push(id);
    }
    let (_, detail) = app.detail(&w.applicant_client, &d_unit).await;
    let attachment = detail["attachments"][0]["id"].as_str().expect("attachment").to_owned();

    // A spare staff member of A, and a disabled one (signed in before).
    let spare = app.signed_in_person(&app.client()).await;
    let (s, staff_rows) =
        app.call(&w.unit_client, "units/add_unit_staff", json!({ "id_number": spare.id_number })).await;
    assert_eq!(s, StatusCode::OK, "{staff_rows}");
    let disabled_client = app.client();
    let disabled = app.signed_in_person(&app.client()).await;
    let (s, staff_rows) =
        app.call(&w.unit_client, "units/add_unit_staff", json!({ "id_number": disabled.id_number })).await;
    assert_eq!(s, StatusCode::OK, "{staff_rows}");
    let (s, b) = app.sign_in_staff(&disabled_client, &w.unit.name, &disabled.phone, &disabled.password).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let rows = staff_rows.as_array().unwrap();
    let link_of = |n: usize| Uuid::parse_str(rows[n]["id"].as_str().unwrap()).unwrap();
    let (spare_link, disabled_link) = (link_of(rows.len() - 2), link_of(rows.len() - 1));
    let (s, b) = app
        .call(&w.unit_client, "units/set_unit_staff_enabled", json!({ "id": disabled_link, "enabled": false }))
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");

    // The applicant is listed by the other unit (and may leave it).
    let (s, b) = app.call(&o.unit_client, "units/add_unit_staff", json!({ "id_number": w.applicant.id_number })).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, mine) = app.call(&w.applicant_client, "units/my_units", json!({})).await;
    assert_eq!(s, StatusCode::OK, "{mine}");
    let applicant_link = Uuid::parse_str(mine[0]["id"].as_str().unwrap()).unwrap();

    // Unit A: a contact, a pending change of name, its licence.
    let (s, contacts) = app
        .call(
            &w.unit_client,
            "units/save_unit_contact",
            json!({ "input": { "name": "刘联系", "phone": "13912345678", "email": "liu@example.com" } }),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{contacts}");
    let (s, profile) = app.call(&w.unit_client, "units/load_unit_profile", json!({})).await;
    assert_eq!(s, StatusCode::OK, "{profile}");
    let licence = profile["licence"]["id"].as_str().expect("licence").to_owned();
    let change = json!({ "input": {
        "name": format!("{}（新）", w.unit.name), "legal_rep": profile["legal_rep"], "kind": profile["kind"],
        "industry": profile["industry"], "region_code": profile["region_code"], "address": profile["address"], "licence_id": null,
    } });
    let (s, b) = app.call(&w.unit_client, "units/update_unit_info", change).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let office = app.client();
    app.signed_in_officer(&office, "m_office_in", "office", Some("ZGB-450100")).await;
    let (s, changes) = app.call(&office, "units/list_unit_changes", json!({})).await;
    assert_eq!(s, StatusCode::OK, "{changes}");
    let change_id = changes[0]["change"]["id"].as_str().expect("change id").to_owned();

    // A unit still waiting for the office.
    let pending = NewUnit::random();
    let pending_client = app.client();
    let (s, b) = app.register_unit(&pending_client, &pending, &[]).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = app.sign_in_unit(&pending_client, &pending).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (_, regs) = app.call(&office, "units/list_unit_registrations", json!({ "status": "Pending", "page": 1 })).await;
    let pending_id = regs["rows"]
        .as_array()
        .and_then(|r| r.iter().find(|u| u["name"] == pending.name))
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .unwrap_or_else(|| panic!("pending unit listed: {regs}"));

    let officer = |name: &'static str, role: &'static str, org: &'static str| async move {
        let c = app.client();
        app.signed_in_officer(&c, name, role, Some(org)).await;
        c
    };
    let dept_in = officer("m_dept_in", "department", "ZGBM-450100-1").await;
    let (_, dept_in_me) = app.call(&dept_in, "accounts/current_session_user", json!({})).await;
    let dept_out = officer("m_dept_out", "department", "ZGBM-450200-1").await;
    let office_out = officer("m_office_out", "office", "ZGB-450200").await;
    let admin = app.client();
    let ticket = app.captcha(&admin).await;
    let (s, b) = app
        .call(
            &admin,
            "accounts/sign_in_officer",
            json!({ "input": { "username": "admin", "password": ADMIN_PASSWORD, "captcha_id": ticket, "captcha": CAPTCHA } }),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (_, me) = app.call(&w.applicant_client, "accounts/current_session_user", json!({})).await;
    let nanning = app.org_id("ZGB-450100").await;
    let batch_in = app.count(&format!("SELECT MIN(id) FROM batch WHERE office_id = {nanning}")).await;
    let (s, future) = app
        .call(&admin, "admin/create_batch", json!({ "input": { "office_id": nanning, "year": 2099, "opens_on": "2099-01-01", "closes_on": "2099-12-31" } }))
        .await;
    assert_eq!(s, StatusCode::OK, "{future}");
    let batch_not_open = future["id"].as_i64().expect("batch id");

    let mut clients = vec![app.client(); ALL.len()];
    clients[Applicant as usize] = w.applicant_client.clone();
    clients[OtherApplicant as usize] = o.applicant_client.clone();
    clients[Unit as usize] = w.unit_client.clone();
    clients[OtherUnit as usize] = o.unit_client.clone();
    clients[PendingUnit as usize] = pending_client;
    clients[Staff as usize] = w.staff_client.clone();
    clients[DisabledStaff as usize] = disabled_client;
    clients[OtherStaff as usize] = o.staff_client.clone();
    clients[DeptIn as usize] = dept_in;
    clients[DeptOut as usize] = dept_out;
    clients[OfficeIn as usize] = office;
    clients[OfficeOut as usize] = office_out;
    clients[Admin as usize] = admin;
    let uuid = |v: &Value| Uuid::parse_str(v.as_str().expect("uuid")).expect("uuid");
    let x = Fx {
        unit_a: uuid(&app.unit_id(&app.client(), &w.unit.name).await),
        pending_unit: uuid(&json!(pending_id)),
        applicant_id: uuid(&me["public_id"]),
        d_unit: uuid(&json!(d_unit)),
        d_office: uuid(&json!(sent[0])),
        d_dept: uuid(&json!(sent[1])),
        spare_link,
        applicant_link,
        contact: uuid(&contacts[0]["id"]),
        change: uuid(&json!(change_id)),
        licence: uuid(&json!(licence)),
        attachment: uuid(&json!(attachment)),
        dept_in_org: app.org_id("ZGBM-450100-1").await,
        dept_in_officer: uuid(&dept_in_me["public_id"]),
        batch_in,
        batch_not_open,
    };
    (clients, x)
}
