//! Who is calling and what they may see: decided once per request, here
//! and nowhere else.
//!
//! The session says how someone signed in; the [`Actor`] says what they are
//! now. It is resolved by the session middleware for every request from the
//! session row and what may have changed since sign-in (the account
//! disabled, the staff link disabled, the unit no longer approved, the
//! officer's role or organisation changed). Server functions and plain
//! routes read it with [`actor`]; services take it as an argument, so they
//! can be tested without HTTP. One function per resource says which rows an
//! actor may see ([`declarations`], [`unit_registrations`], [`may_see_file`]);
//! [`may_decide`] keeps everyone away from their own declaration.

use super::entities::{declaration, org, unit, upload};
use super::session::SessionInfo;
use crate::accounts::Role;
use crate::error::AppError;
use crate::units::UnitStatus;
use sea_orm::sea_query::Condition;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// The region code of the 区职改办 and the region-level 主管部门.
pub const REGION: &str = "450000";

/// A 职改办 or a 主管部门.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgKind {
    Office,
    Department,
}

/// The caller of one request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Actor {
    #[default]
    Anonymous,
    /// 个人: an applicant (and anyone's own personal pages).
    Person { account: i64 },
    /// 单位 account, approved or not: a unit still 待审核 (or returned) may
    /// only see and correct its own registration.
    Unit { account: i64, status: UnitStatus, city: String },
    /// 单位工作人员 acting for an approved unit through an enabled link.
    Staff { person: i64, unit: i64 },
    /// Staff of a 职改办 or 主管部门. `region` is the organisation's region
    /// code: a city (4501xx00…) or the whole region (450000).
    Officer { account: i64, org: i64, kind: OrgKind, region: String, id_hash: Option<String> },
    /// 系统管理员.
    Admin { account: i64 },
    /// An officer or administrator whose password was set by someone else
    /// (a new account, a reset): they may only choose their own password.
    PasswordChange { account: i64, role: Role },
}

/// Request extension set by the session middleware.
#[derive(Debug, Clone, Default)]
pub struct CurrentActor(pub Actor);

/// The actor of the current server function call (Anonymous outside a request).
#[cfg(feature = "ssr")]
pub fn actor() -> Actor {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|p| p.extensions.get::<CurrentActor>().map(|a| a.0.clone()))
        .unwrap_or_default()
}

/// Axum middleware inside the session's: who the caller is now, once per
/// request, for every server function and route behind it.
#[cfg(feature = "ssr")]
pub async fn layer(
    mut req: axum::http::Request<axum::body::Body>,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let session = req.extensions().get::<super::session::CurrentSession>().and_then(|c| c.0.clone());
    let actor = session.as_ref().map(resolve).unwrap_or_default();
    req.extensions_mut().insert(CurrentActor(actor));
    next.run(req).await
}

/// What the session's account is now. Anything that no longer holds (a
/// disabled account or staff link, a unit no longer approved for its staff,
/// an officer without organisation) makes the caller anonymous. The facts
/// came with the session, in the same statement (`session::Standing`).
pub fn resolve(session: &SessionInfo) -> Actor {
    let id = session.account_id;
    let standing = &session.standing;
    if standing.account_disabled {
        return Actor::Anonymous;
    }
    if standing.must_change_password {
        return Actor::PasswordChange { account: id, role: session.role };
    }
    match session.role {
        Role::Person if standing.person => Actor::Person { account: id },
        Role::Unit => match &standing.unit {
            Some((status, city)) => Actor::Unit { account: id, status: UnitStatus::stored(status), city: city.clone() },
            None => Actor::Anonymous,
        },
        Role::UnitStaff => match session.unit_id {
            Some(unit) if standing.staff_linked => Actor::Staff { person: id, unit },
            _ => Actor::Anonymous,
        },
        Role::Office | Role::Department | Role::Admin => {
            let Some(officer) = &standing.officer else { return Actor::Anonymous };
            // The role is read again: a changed role takes effect at once.
            match (officer.role.as_str(), &officer.org) {
                ("admin", _) => Actor::Admin { account: id },
                (_, Some((org, kind, region))) => Actor::Officer {
                    account: id,
                    org: *org,
                    kind: if kind == "office" { OrgKind::Office } else { OrgKind::Department },
                    region: region.clone(),
                    id_hash: officer.id_number_hash.clone(),
                },
                (_, None) => Actor::Anonymous,
            }
        }
        Role::Person => Actor::Anonymous,
    }
}

const SIGN_IN: &str = "请先登录，或登录已超时，请重新登录";

/// What someone who must first choose a new password is told by every other function.
pub const CHANGE_FIRST: &str = "请先修改初始密码，再办理其他业务";

fn refuse(actor: &Actor, message: &str) -> AppError {
    match actor {
        Actor::Anonymous => AppError::Unauthenticated { message: SIGN_IN.into() },
        Actor::PasswordChange { .. } => AppError::forbidden(CHANGE_FIRST),
        _ => AppError::forbidden(message),
    }
}

impl Actor {
    /// The account of whoever is signed in (not someone who must first
    /// choose a new password: see [`Actor::password_owner`]).
    pub fn account(&self) -> Option<i64> {
        match self {
            Actor::Anonymous | Actor::PasswordChange { .. } => None,
            Actor::Person { account }
            | Actor::Unit { account, .. }
            | Actor::Officer { account, .. }
            | Actor::Admin { account } => Some(*account),
            Actor::Staff { person, .. } => Some(*person),
        }
    }

    /// Any signed-in caller's account (401 otherwise).
    pub fn signed_in(&self) -> Result<i64, AppError> {
        self.account().ok_or_else(|| refuse(self, SIGN_IN))
    }

    /// Whose password the caller may change: anyone signed in, also
    /// someone who must change it before anything else.
    pub fn password_owner(&self) -> Result<i64, AppError> {
        match self {
            Actor::PasswordChange { account, .. } => Ok(*account),
            _ => self.signed_in(),
        }
    }

    /// The role the workflow knows the caller by.
    pub fn role(&self) -> Option<Role> {
        match self {
            Actor::Anonymous | Actor::PasswordChange { .. } => None,
            Actor::Person { .. } => Some(Role::Person),
            Actor::Unit { .. } => Some(Role::Unit),
            Actor::Staff { .. } => Some(Role::UnitStaff),
            Actor::Officer { kind: OrgKind::Office, .. } => Some(Role::Office),
            Actor::Officer { kind: OrgKind::Department, .. } => Some(Role::Department),
            Actor::Admin { .. } => Some(Role::Admin),
        }
    }

    /// The person behind a personal session: an applicant, or a staff
    /// member on their own personal pages.
    pub fn person(&self) -> Result<i64, AppError> {
        match self {
            Actor::Person { account } => Ok(*account),
            Actor::Staff { person, .. } => Ok(*person),
            _ => Err(refuse(self, "此功能仅限个人账户使用")),
        }
    }

    /// An applicant (signed in with 个人账户登录).
    pub fn applicant(&self) -> Result<i64, AppError> {
        match self {
            Actor::Person { account } => Ok(*account),
            _ => Err(refuse(self, "请使用个人账户办理申报")),
        }
    }

    /// A unit account, approved or not.
    pub fn unit(&self) -> Result<i64, AppError> {
        match self {
            Actor::Unit { account, .. } => Ok(*account),
            _ => Err(refuse(self, "此功能仅限单位账户使用")),
        }
    }

    /// A unit account the 职改办 has approved.
    pub fn approved_unit(&self) -> Result<i64, AppError> {
        match self {
            Actor::Unit { account, status: UnitStatus::Approved, .. } => Ok(*account),
            Actor::Unit { .. } => Err(AppError::forbidden("单位注册信息尚未通过职改办审核，暂只能查看和修改注册信息")),
            _ => Err(refuse(self, "此功能仅限单位账户使用")),
        }
    }

    /// A staff member and the unit they act for: (person, unit).
    pub fn staff(&self) -> Result<(i64, i64), AppError> {
        match self {
            Actor::Staff { person, unit } => Ok((*person, *unit)),
            _ => Err(refuse(self, "此功能仅限单位工作人员使用")),
        }
    }

    /// A 职改办 officer, or the administrator.
    pub fn office_or_admin(&self) -> Result<(), AppError> {
        match self {
            Actor::Officer { kind: OrgKind::Office, .. } | Actor::Admin { .. } => Ok(()),
            _ => Err(refuse(self, "只有职改办工作人员可以办理")),
        }
    }

    /// A 主管部门 or 职改办 officer.
    pub fn officer(&self) -> Result<(i64, i64, OrgKind), AppError> {
        match self {
            Actor::Officer { account, org, kind, .. } => Ok((*account, *org, *kind)),
            _ => Err(refuse(self, "只有主管部门或职改办工作人员可以办理")),
        }
    }
}

// ------------------------------------------------------------- declarations

/// The declarations `actor` may see: the applicant's own; the unit's, once
/// sent, for its staff; what was sent to an organisation for its officers;
/// all for the administrator. Units and anonymous callers see none.
pub fn declarations(actor: &Actor) -> Result<Condition, AppError> {
    use declaration::Column as D;
    Ok(match actor {
        Actor::Person { account } => Condition::all().add(D::PersonId.eq(*account)),
        Actor::Staff { unit, .. } => Condition::all().add(D::UnitId.eq(*unit)).add(D::SubmittedAt.is_not_null()),
        // A 主管部门: what was sent to it (also once passed on); a 市职改办:
        // what its city's units forwarded; the 区职改办: all forwarded. The
        // unit's 审核报送 sets both columns (`city_code` only then), so what
        // was sent to an organisation is always within these, and each is
        // one indexed column.
        Actor::Officer { org, kind: OrgKind::Department, .. } => Condition::all().add(D::DepartmentId.eq(*org)),
        Actor::Officer { region, .. } if region == REGION => Condition::all().add(D::CityCode.is_not_null()),
        Actor::Officer { region, .. } => Condition::all().add(D::CityCode.eq(region.clone())),
        Actor::Admin { .. } => Condition::all(),
        Actor::Unit { .. } => {
            return Err(AppError::forbidden("单位账户只能管理组织机构信息，申报由单位工作人员审核"));
        }
        Actor::Anonymous | Actor::PasswordChange { .. } => return Err(refuse(actor, SIGN_IN)),
    })
}

/// Whether `actor` may see `d` (the same rule as [`declarations`]).
pub fn may_see(actor: &Actor, d: &declaration::Model) -> bool {
    match actor {
        Actor::Person { account } => d.person_id == *account,
        Actor::Staff { unit, .. } => d.unit_id == *unit && d.submitted_at.is_some(),
        Actor::Officer { org, kind: OrgKind::Department, .. } => d.department_id == Some(*org),
        Actor::Officer { region, .. } => match &d.city_code {
            Some(city) => region == REGION || city == region,
            None => false,
        },
        Actor::Admin { .. } => true,
        Actor::Unit { .. } | Actor::Anonymous | Actor::PasswordChange { .. } => false,
    }
}

/// Separation of duties: nobody reviews, forwards or decides a declaration
/// in which they are the applicant.
pub fn may_decide(actor: &Actor, d: &declaration::Model) -> Result<(), AppError> {
    let own = match actor {
        Actor::Staff { person, .. } => *person == d.person_id,
        // Compared by keyed hashes: both 证件号码 are sealed at rest.
        Actor::Officer { id_hash: Some(id), .. } => d.applicant_id_hash.as_deref() == Some(id.as_str()),
        _ => false,
    };
    if own {
        return Err(AppError::forbidden("不能审核本人的申报，请由单位（或本机构）其他工作人员办理"));
    }
    Ok(())
}

/// A declaration whose applicant's whole 证件号码 and phone `actor` may
/// see: its reviewers only (the unit's staff, the offices it was sent to,
/// the administrator), never the applicant's own unit account.
pub async fn reviewed_declaration<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    id: uuid::Uuid,
) -> Result<declaration::Model, AppError> {
    if !matches!(actor, Actor::Staff { .. } | Actor::Officer { .. } | Actor::Admin { .. }) {
        return Err(refuse(actor, "只有审核人员可以查看完整的证件号码和手机号码"));
    }
    declaration(db, actor, id).await
}

/// A declaration by its public id, if `actor` may see it (403 otherwise).
pub async fn declaration<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    id: uuid::Uuid,
) -> Result<declaration::Model, AppError> {
    declarations(actor)?;
    let d = declaration::Entity::find()
        .filter(declaration::Column::PublicId.eq(id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("申报不存在或已被删除"))?;
    if !may_see(actor, &d) {
        return Err(AppError::forbidden("无权查看或办理该申报"));
    }
    Ok(d)
}

/// The 统计分析 counters `actor` may read: the same jurisdiction as
/// [`declarations`] for the offices (a 主管部门 what was sent to it, a
/// 市职改办 its city's, the 区职改办 all) and all for the administrator.
pub fn statistics(actor: &Actor) -> Result<Condition, AppError> {
    use super::entities::declaration_stat::Column as S;
    Ok(match actor {
        Actor::Officer { org, kind: OrgKind::Department, .. } => Condition::all().add(S::DepartmentId.eq(*org)),
        Actor::Officer { region, .. } if region == REGION => Condition::all(),
        Actor::Officer { region, .. } => Condition::all().add(S::CityCode.eq(region.clone())),
        Actor::Admin { .. } => Condition::all(),
        _ => return Err(refuse(actor, "只有职改办、主管部门或系统管理员可以查看统计分析")),
    })
}

// ------------------------------------------------------- unit registrations

/// Whether an office in `region` reviews units of `city`: its own city's,
/// or every city for the 区职改办.
pub fn covers(region: &str, city: &str) -> bool {
    region == REGION || region == city
}

/// The unit registrations `actor` reviews: a 职改办 those of its city (the
/// 区职改办 all), the administrator all.
pub fn unit_registrations(actor: &Actor) -> Result<Condition, AppError> {
    Ok(match actor {
        Actor::Admin { .. } => Condition::all(),
        Actor::Officer { kind: OrgKind::Office, region, .. } if region == REGION => Condition::all(),
        Actor::Officer { kind: OrgKind::Office, region, .. } => {
            Condition::all().add(unit::Column::CityCode.eq(region.clone()))
        }
        _ => return Err(refuse(actor, "只有职改办工作人员可以审核单位注册")),
    })
}

// ------------------------------------------------------------ administration

/// Who manages organisations and their officers: the administrator, and a
/// 职改办 for the 主管部门 under it (a 市职改办 for its city's).
pub fn org_manager(actor: &Actor) -> Result<(), AppError> {
    match actor {
        Actor::Admin { .. } | Actor::Officer { kind: OrgKind::Office, .. } => Ok(()),
        _ => Err(refuse(actor, "只有系统管理员或职改办可以管理机构和工作人员")),
    }
}

/// Whether `actor` manages `o` (renames or closes it, keeps its officers):
/// the administrator every organisation, a 职改办 its own 主管部门.
pub fn manages_org(actor: &Actor, o: &org::Model) -> bool {
    match actor {
        Actor::Admin { .. } => true,
        Actor::Officer { kind: OrgKind::Office, org, .. } => o.kind == "department" && o.parent_id == Some(*org),
        _ => false,
    }
}

/// Whether `actor` may open a new 主管部门 under the 职改办 `parent`.
pub fn may_add_under(actor: &Actor, parent: &org::Model) -> bool {
    parent.kind == "office"
        && match actor {
            Actor::Admin { .. } => true,
            Actor::Officer { kind: OrgKind::Office, org, .. } => parent.id == *org,
            _ => false,
        }
}

/// Who keeps 申报年度 at all: a 职改办 and the administrator.
pub fn batch_keeper(actor: &Actor) -> Result<(), AppError> {
    match actor {
        Actor::Admin { .. } | Actor::Officer { kind: OrgKind::Office, .. } => Ok(()),
        _ => Err(refuse(actor, "只有职改办或系统管理员可以管理申报年度")),
    }
}

/// Whether `actor` keeps the 申报年度 of the 职改办 `office`: the
/// administrator every office's, a 职改办 its own.
pub fn manages_batches_of(actor: &Actor, office: i64) -> bool {
    match actor {
        Actor::Admin { .. } => true,
        Actor::Officer { kind: OrgKind::Office, org, .. } => *org == office,
        _ => false,
    }
}

/// The administrator only.
pub fn admin(actor: &Actor) -> Result<i64, AppError> {
    match actor {
        Actor::Admin { account } => Ok(*account),
        _ => Err(refuse(actor, "只有系统管理员可以办理")),
    }
}

// -------------------------------------------------------------------- files

/// Whether `actor` (with `browser`, the hash of its upload cookie) may open
/// an uploaded file: a fresh upload by its uploader; a licence by its unit, the offices that review that unit and
/// the administrator; an attachment by whoever may see its declaration.
pub async fn may_see_file<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    browser: Option<&str>,
    f: &upload::Model,
) -> Result<bool, AppError> {
    use super::files::Uploader;
    use crate::uploads::{PURPOSE_ATTACHMENT, PURPOSE_LICENCE};
    if !f.claimed {
        // A fresh upload: its uploader's, an account or (during 单位注册)
        // the browser holding the upload cookie.
        let by_account = actor.account().is_some_and(|id| Uploader::Account(id).made(f));
        let by_browser = browser.is_some_and(|t| Uploader::Browser(t.to_owned()).made(f));
        return Ok(by_account || by_browser);
    }
    match f.purpose.as_str() {
        PURPOSE_LICENCE => {
            // A claimed licence belongs to its unit (also one replaced since).
            let Some(u) = (match f.owner_account_id {
                Some(owner) => unit::Entity::find_by_id(owner).one(db).await?,
                None => None,
            }) else {
                return Ok(false);
            };
            Ok(match actor {
                Actor::Unit { account, .. } => *account == u.account_id,
                Actor::Officer { kind: OrgKind::Office, region, .. } => covers(region, &u.city_code),
                Actor::Admin { .. } => true,
                _ => false,
            })
        }
        PURPOSE_ATTACHMENT => {
            use super::entities::declaration_attachment as link;
            let Ok(visible) = declarations(actor) else { return Ok(false) };
            let linked = declaration::Entity::find()
                .filter(visible)
                .filter(
                    declaration::Column::Id.in_subquery(
                        sea_orm::sea_query::Query::select()
                            .column(link::Column::DeclarationId)
                            .from(link::Entity)
                            .and_where(link::Column::UploadId.eq(f.id))
                            .to_owned(),
                    ),
                )
                .one(db)
                .await?;
            Ok(linked.is_some())
        }
        _ => Ok(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::session::{OfficerStanding, Standing};

    fn caller(role: Role, unit_id: Option<i64>, standing: Standing) -> Actor {
        resolve(&SessionInfo { id: "s".into(), account_id: 7, role, unit_id, standing })
    }

    fn officer(role: &str, org: Option<(i64, &str)>) -> Standing {
        Standing {
            officer: Some(OfficerStanding {
                role: role.into(),
                id_number_hash: None,
                org: org.map(|(id, kind)| (id, kind.to_owned(), "450100".to_owned())),
            }),
            ..Standing::default()
        }
    }

    #[test]
    fn the_standing_read_with_the_session_decides_the_caller() {
        let person = Standing { person: true, ..Standing::default() };
        assert_eq!(caller(Role::Person, None, person.clone()), Actor::Person { account: 7 });
        assert_eq!(caller(Role::Person, None, Standing::default()), Actor::Anonymous);

        let linked = Standing { person: true, staff_linked: true, ..Standing::default() };
        assert_eq!(caller(Role::UnitStaff, Some(3), linked.clone()), Actor::Staff { person: 7, unit: 3 });
        assert_eq!(caller(Role::UnitStaff, Some(3), person), Actor::Anonymous, "link disabled or unit not approved");
        assert_eq!(caller(Role::UnitStaff, None, linked), Actor::Anonymous);

        let unit = Standing { unit: Some(("pending".into(), "450100".into())), ..Standing::default() };
        assert!(matches!(caller(Role::Unit, None, unit), Actor::Unit { account: 7, city, .. } if city == "450100"));
        assert_eq!(caller(Role::Unit, None, Standing::default()), Actor::Anonymous);

        assert_eq!(caller(Role::Admin, None, officer("admin", None)), Actor::Admin { account: 7 });
        assert!(matches!(
            caller(Role::Office, None, officer("office", Some((4, "office")))),
            Actor::Officer { org: 4, kind: OrgKind::Office, .. }
        ));
        assert!(matches!(
            caller(Role::Department, None, officer("department", Some((5, "department")))),
            Actor::Officer { org: 5, kind: OrgKind::Department, .. }
        ));
        assert_eq!(caller(Role::Office, None, officer("office", None)), Actor::Anonymous, "organisation disabled");
        assert_eq!(caller(Role::Office, None, Standing::default()), Actor::Anonymous);
    }

    #[test]
    fn a_disabled_account_or_a_password_to_change_comes_first() {
        let disabled = Standing { account_disabled: true, must_change_password: true, ..officer("admin", None) };
        assert_eq!(caller(Role::Admin, None, disabled), Actor::Anonymous);
        let must_change = Standing { must_change_password: true, ..officer("admin", None) };
        assert_eq!(caller(Role::Admin, None, must_change), Actor::PasswordChange { account: 7, role: Role::Admin });
    }
}
