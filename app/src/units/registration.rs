//! 单位注册 (manual 一(一)): the unit's data, its licence, its password and
//! the staff to link, checked field by field; the fields shared with 单位信息.

use super::industry;
use super::{RegisterUnitInput, UnitStatus};
use crate::domain::{mask, region, CreditCode, IdNumber, Password, UnitKind};
use crate::error::{AppError, FieldError};
use crate::server::context::RequestMeta;
use crate::server::entities::unit;
use crate::server::files::{claim, claimable, Uploader};
use crate::server::sign_in::{is_unique_violation, new_account};
use crate::server::text::today_cn;
use crate::server::{audit, rate_limit, AppState};
use crate::uploads::PURPOSE_LICENCE;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};

pub(super) struct UnitFields {
    pub name: String,
    pub legal_rep: String,
    pub kind: UnitKind,
    pub industry: String,
    pub region_code: String,
    pub city_code: String,
    pub address: String,
}

fn text(value: &str, field: &str, label: &str, max: usize, errors: &mut Vec<FieldError>) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        errors.push(FieldError::new(field, format!("请填写{label}")));
        None
    } else if v.chars().count() > max {
        errors.push(FieldError::new(field, format!("{label}不能超过{max}个字符")));
        None
    } else if v.chars().any(char::is_control) {
        errors.push(FieldError::new(field, format!("{label}不能包含控制字符")));
        None
    } else {
        Some(v.to_owned())
    }
}

/// The fields shared by 单位注册 and 单位信息. `industry_ok`: the 行业 may
/// be chosen (`industry::choosable`).
#[allow(clippy::too_many_arguments)]
pub(super) fn validate_fields(
    name: &str,
    legal_rep: &str,
    kind: &str,
    industry: &str,
    industry_ok: bool,
    region_code: &str,
    address: &str,
    errors: &mut Vec<FieldError>,
) -> Option<UnitFields> {
    let name = text(name, "name", "单位名称", 100, errors);
    let legal_rep = text(legal_rep, "legal_rep", "法定代表人", 50, errors);
    let kind = UnitKind::from_label(kind);
    if kind.is_none() {
        errors.push(FieldError::new("kind", "请选择单位类型"));
    }
    if !industry_ok {
        errors.push(FieldError::new(
            "industry",
            if industry.is_empty() {
                "请选择单位行业"
            } else {
                "所选单位行业已停用或不存在，请重新选择"
            },
        ));
    }
    let city = region::city_of(region_code);
    if city.is_none() {
        errors.push(FieldError::new("region_code", "请选择单位所在地"));
    }
    let address = text(address, "address", "单位地址", 200, errors);
    Some(UnitFields {
        name: name?,
        legal_rep: legal_rep?,
        kind: kind?,
        industry: industry.to_owned(),
        region_code: region_code.to_owned(),
        city_code: city?.to_owned(),
        address: address?,
    })
    .filter(|_| industry_ok)
}

/// 单位注册: the unit is 待审核 until its city's 职改办 approves it.
pub async fn register(st: &AppState, meta: &RequestMeta, input: RegisterUnitInput) -> Result<(), AppError> {
    let now = Utc::now();
    let cfg = &st.config;
    let mut errors = Vec::new();
    let code = CreditCode::parse(&input.credit_code)
        .map_err(|e| errors.push(FieldError::new("credit_code", e.message())))
        .ok();
    let industry_ok = industry::choosable(&st.db, &input.industry, None).await?;
    let fields = validate_fields(
        &input.name,
        &input.legal_rep,
        &input.kind,
        &input.industry,
        industry_ok,
        &input.region_code,
        &input.address,
        &mut errors,
    );
    let password =
        Password::parse(&input.password).map_err(|e| errors.push(FieldError::new("password", e.message()))).ok();
    if input.password_confirm.is_empty() {
        errors.push(FieldError::new("password_confirm", "请再次输入密码"));
    } else if input.password != input.password_confirm {
        errors.push(FieldError::new("password_confirm", "两次输入的密码不一致"));
    }
    if input.licence_id.is_none() {
        errors.push(FieldError::new("licence", "请上传营业执照彩色扫描件"));
    }
    if input.staff_id_numbers.len() > 20 {
        errors.push(FieldError::new("staff", "注册时最多添加20名工作人员"));
    }
    if let Err(e) = crate::captcha::service::check(&st.db, input.captcha_id, &input.captcha).await {
        errors.push(e);
    }
    let (Some(code), Some(fields), Some(password), true) = (code, fields, password, errors.is_empty()) else {
        return Err(AppError::fields(errors));
    };
    // Counted only behind a correct captcha.
    if !rate_limit::hit(&st.db, &format!("register:{}", meta.ip), cfg.rate_register, cfg.rate_window_secs, now).await? {
        return Err(AppError::too_many("注册过于频繁，请稍后再试"));
    }

    // Behind a correct captcha: what exists already.
    if unit::Entity::find().filter(unit::Column::CreditCode.eq(code.as_str())).one(&st.db).await?.is_some() {
        return Err(AppError::invalid("credit_code", "该统一社会信用代码已注册，请直接登录或通过“忘记密码”找回"));
    }
    let licence_id = input.licence_id.unwrap_or_default();
    // The licence this browser uploaded for this registration (or the
    // signed-in account's).
    let uploader = match (meta.session.as_ref(), &meta.browser) {
        (Some(s), _) => Uploader::Account(s.account_id),
        (None, Some(token)) => Uploader::Browser(token.clone()),
        (None, None) => return Err(AppError::invalid("licence", "营业执照文件已失效，请重新上传")),
    };
    if claimable(&st.db, licence_id, PURPOSE_LICENCE, &uploader).await?.is_none() {
        return Err(AppError::invalid("licence", "营业执照文件已失效，请重新上传"));
    }
    // Staff added at registration are linked if they have a personal
    // account; an unknown number is passed over without a word, so the
    // anonymous form cannot tell who is registered. They can see and leave
    // the unit (我所在的单位); the unit sees them once approved.
    let mut staff = Vec::new();
    for id in &input.staff_id_numbers {
        if IdNumber::parse(id, today_cn()).is_err() {
            return Err(AppError::invalid(
                "staff",
                format!("工作人员身份证号码 {} 不正确", mask::id_number(id.trim())),
            ));
        }
        if let Ok((person_id, _)) = super::staff::person_by_id_number(&st.db, &st.vault, id).await {
            if !staff.contains(&person_id) {
                staff.push(person_id);
            }
        }
    }

    let hash = st.hasher.hash(password.expose().to_owned()).await?;
    let ip = meta.ip.clone();
    st.db
        .transaction::<_, (), AppError>(|txn| {
            Box::pin(async move {
                let acc = new_account(txn, "unit", hash).await?;
                unit::ActiveModel {
                    account_id: Set(acc.id),
                    credit_code: Set(code.as_str().to_owned()),
                    name: Set(fields.name.clone()),
                    legal_rep: Set(fields.legal_rep),
                    kind: Set(fields.kind.label().to_owned()),
                    industry: Set(fields.industry),
                    region_code: Set(fields.region_code),
                    city_code: Set(fields.city_code),
                    address: Set(fields.address),
                    licence_id: Set(Some(licence_id)),
                    status: Set(UnitStatus::Pending.code().to_owned()),
                    review_note: Set(String::new()),
                    reviewed_by: Set(None),
                    reviewed_at: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                }
                .insert(txn)
                .await
                .map_err(|e| {
                    if is_unique_violation(&e) {
                        AppError::invalid("credit_code", "该统一社会信用代码已注册，请直接登录或通过“忘记密码”找回")
                    } else {
                        e.into()
                    }
                })?;
                claim(txn, licence_id, acc.id).await?;
                for person_id in staff {
                    super::staff::insert(txn, acc.id, person_id).await?;
                }
                audit::record(txn, Some(acc.id), "单位注册", &format!("unit:{}", acc.id), &ip, &fields.name).await;
                Ok(())
            })
        })
        .await?;
    Ok(())
}
