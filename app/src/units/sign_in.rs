//! 单位账户登录 and 单位工作人员登录: the unit's own account, and a person
//! acting for a unit that lists them (enabled, and the unit approved).

use super::{SignInStaffInput, SignInUnitInput, UnitStatus};
use crate::accounts::{CurrentUser, Role};
use crate::error::AppError;
use crate::server::context::RequestMeta;
use crate::server::entities::{account, unit, unit_staff};
use crate::server::sign_in::{describe, person_lookup, person_of, sign_in, Attempt, Candidate};
use crate::server::AppState;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryTrait};

/// 单位账户登录: the unit picked in the dropdown, its 统一社会信用代码 as the account.
pub async fn unit(
    st: &AppState,
    meta: &RequestMeta,
    input: SignInUnitInput,
) -> Result<(CurrentUser, String), AppError> {
    if input.unit_id.is_none() {
        return Err(AppError::invalid("unit", "请输入单位名称关键字，并从弹出的下拉列表中选择"));
    }
    let db = st.db.clone();
    let unit_id = input.unit_id.unwrap_or_default();
    let code = input.credit_code.trim().to_ascii_uppercase();
    let (c, cookie) = sign_in(
        st,
        meta,
        Attempt {
            channel: "unit",
            typed: &input.credit_code,
            password: &input.password,
            captcha_id: input.captcha_id,
            captcha: &input.captcha,
            account_field: "credit_code",
            lookup: None,
        },
        |_| async move {
            // The account is the credit code of the unit picked in the dropdown.
            let Some(u) = unit::by_public_id(&db, unit_id).await? else { return Ok(None) };
            if u.credit_code != code {
                return Ok(None);
            }
            Ok(account::Entity::find_by_id(u.account_id).one(&db).await?.map(|a| Candidate::new(a, Role::Unit, None)))
        },
    )
    .await?;
    let user = describe(&st.db, c.account.id, c.role, c.unit_id).await?.ok_or_else(AppError::internal)?;
    Ok((user, cookie))
}

/// 单位工作人员登录: a person's own account, acting for the unit picked.
pub async fn staff(
    st: &AppState,
    meta: &RequestMeta,
    input: SignInStaffInput,
) -> Result<(CurrentUser, String), AppError> {
    if input.unit_id.is_none() {
        return Err(AppError::invalid("unit", "请输入单位名称关键字，并从弹出的下拉列表中选择"));
    }
    let db = st.db.clone();
    let unit_id = input.unit_id.unwrap_or_default();
    let typed = input.account.clone();
    let vault = st.vault.clone();
    let lookup = || person_lookup(&st.vault, &input.account).into_query();
    let (c, cookie) = sign_in(
        st,
        meta,
        Attempt {
            channel: "staff",
            typed: &input.account,
            password: &input.password,
            captcha_id: input.captcha_id,
            captcha: &input.captcha,
            account_field: "account",
            lookup: Some(&lookup),
        },
        |read| async move {
            let Some((acc, _)) = person_of(&db, &vault, &typed, read).await? else { return Ok(None) };
            let unit = unit::by_public_id(&db, unit_id).await?;
            let link = match &unit {
                Some(u) => {
                    unit_staff::Entity::find()
                        .filter(unit_staff::Column::UnitId.eq(u.account_id))
                        .filter(unit_staff::Column::PersonId.eq(acc.id))
                        .one(&db)
                        .await?
                }
                None => None,
            };
            let mut c = Candidate::new(acc, Role::UnitStaff, unit.as_ref().map(|u| u.account_id));
            let approved = unit.as_ref().is_some_and(|u| u.status == UnitStatus::Approved.code());
            c.refusal = match link {
                None => Some((
                    AppError::forbidden("您不是所选单位的工作人员，请联系单位在“工作人员”中添加您"),
                    "非该单位工作人员",
                )),
                Some(l) if !l.enabled => {
                    Some((AppError::forbidden("您在该单位的工作人员账号已停用，请联系单位启用"), "工作人员已停用"))
                }
                Some(_) if !approved => Some((
                    AppError::forbidden("本单位注册信息尚未通过职改办审核，审核通过后工作人员方可登录"),
                    "单位未通过审核",
                )),
                Some(_) => None,
            };
            Ok(Some(c))
        },
    )
    .await?;
    let user = describe(&st.db, c.account.id, c.role, c.unit_id).await?.ok_or_else(AppError::internal)?;
    Ok((user, cookie))
}
