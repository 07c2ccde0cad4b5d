//! Accounts created at start: the 系统管理员 always, a small demo world
//! when asked for (`DEMO=1`).

use super::entities::{officer, org, person};
use super::{hashing, AppConfig};
use crate::domain::Password;
use crate::server::sign_in::new_account;
use chrono::Utc;
use rand::seq::IndexedRandom;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set, TransactionTrait,
};

pub const ADMIN_USERNAME: &str = "admin";

fn generated_password() -> String {
    let mut rng = rand::rng();
    let sets: [&[u8]; 4] = [b"ABCDEFGHJKLMNPQRSTUVWXYZ", b"abcdefghijkmnpqrstuvwxyz", b"23456789", b"!@#%+=?"];
    let mut pw: Vec<u8> = sets.iter().filter_map(|s| s.choose(&mut rng).copied()).collect();
    let all: Vec<u8> = sets.concat();
    pw.extend((0..12).filter_map(|_| all.choose(&mut rng).copied()));
    String::from_utf8(pw).unwrap_or_default()
}

/// Creates an account with its officer row unless the username exists.
/// Returns whether it was created.
pub async fn ensure_officer(
    db: &DatabaseConnection,
    username: &str,
    name: &str,
    role: &str,
    org_code: Option<&str>,
    password: &str,
) -> Result<bool, DbErr> {
    if officer::Entity::find().filter(officer::Column::Username.eq(username)).one(db).await?.is_some() {
        return Ok(false);
    }
    let org_id = match org_code {
        Some(code) => org::Entity::find().filter(org::Column::Code.eq(code)).one(db).await?.map(|o| o.id),
        None => None,
    };
    let hash = hashing::hash_once(password.to_owned()).await.ok_or_else(|| DbErr::Custom("hashing failed".into()))?;
    let (username, name, role) = (username.to_owned(), name.to_owned(), role.to_owned());
    db.transaction::<_, (), DbErr>(|txn| {
        Box::pin(async move {
            let acc = new_account(txn, "officer", hash).await?;
            officer::ActiveModel {
                account_id: Set(acc.id),
                username: Set(username),
                name: Set(name),
                role: Set(role),
                org_id: Set(org_id),
                id_number: Set(None),
                id_number_hash: Set(None),
            }
            .insert(txn)
            .await?;
            Ok(())
        })
    })
    .await
    .map_err(|e| DbErr::Custom(e.to_string()))?;
    Ok(true)
}

/// The 系统管理员: created once; its password comes from
/// `APP_ADMIN_PASSWORD` or is generated and logged this one time.
pub async fn ensure_admin(db: &DatabaseConnection, config: &AppConfig) -> Result<(), DbErr> {
    let (password, generated) = match &config.admin_password {
        Some(p) if Password::parse(p).is_ok() => (p.clone(), false),
        Some(_) => {
            tracing::warn!("APP_ADMIN_PASSWORD does not meet the password rule; generating one instead");
            (generated_password(), true)
        }
        None => (generated_password(), true),
    };
    if ensure_officer(db, ADMIN_USERNAME, "系统管理员", "admin", None, &password).await? {
        if generated {
            // Never in the log (logs are shipped and kept): once, to a file
            // only the server's own user can read.
            let path = config.data_dir.join("admin-password.txt");
            let _ = std::fs::create_dir_all(&config.data_dir);
            super::files::write_private(&path, format!("{ADMIN_USERNAME}\n{password}\n").as_bytes())
                .map_err(|e| DbErr::Custom(format!("cannot write {}: {e}", path.display())))?;
            tracing::warn!(username = ADMIN_USERNAME, file = %path.display(), "系统管理员已创建；初始密码已写入该文件（仅本机服务账户可读），请登录修改密码后删除该文件");
        } else {
            tracing::info!(username = ADMIN_USERNAME, "系统管理员已创建（密码取自 APP_ADMIN_PASSWORD）");
        }
    }
    Ok(())
}

/// Every 职改办 gets a 申报年度 for the current year (1 January to 31
/// December, China time) unless it has one. Offices change dates later.
pub async fn ensure_current_batches(db: &DatabaseConnection) -> Result<(), DbErr> {
    use super::entities::batch;
    use chrono::Datelike;
    let year = super::text::today_cn().year();
    let offices = org::Entity::find().filter(org::Column::Kind.eq("office")).all(db).await?;
    let existing = batch::Entity::find().filter(batch::Column::Year.eq(year)).all(db).await?;
    for office in offices {
        if existing.iter().any(|b| b.office_id == office.id) {
            continue;
        }
        let (Some(jan1), Some(dec31)) =
            (chrono::NaiveDate::from_ymd_opt(year, 1, 1), chrono::NaiveDate::from_ymd_opt(year, 12, 31))
        else {
            continue;
        };
        let (opens, closes) = (super::text::day_start_cn(jan1), super::text::day_end_cn(dec31));
        batch::ActiveModel {
            year: Set(year),
            office_id: Set(office.id),
            name: Set(format!("{year}年度（{}）", office.name)),
            opens_at: Set(opens),
            closes_at: Set(closes),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Demo sign-ins, all with the same password.
pub const DEMO_PASSWORD: &str = "Demo@2026";

/// A few applicants and the offices' staff, printed to the log.
pub async fn demo(db: &DatabaseConnection, vault: &super::personal::Vault) -> Result<(), DbErr> {
    let officers = [
        ("qzgb", "区职改办审核员", "office", "ZGB-450000"),
        ("nnzgb", "南宁市职改办审核员", "office", "ZGB-450100"),
        ("nnjyj", "南宁市教育局审核员", "department", "ZGBM-450100-1"),
    ];
    for (user, name, role, org) in officers {
        ensure_officer(db, user, name, role, Some(org), DEMO_PASSWORD).await?;
    }
    let people = [
        ("张三", "450102199001010012", "13800000001", "zhangsan@example.com"),
        ("李四", "450103198805050025", "13800000002", "lisi@example.com"),
        ("王五", "450105199203150038", "13800000003", "wangwu@example.com"),
    ];
    for (name, body_and_check, phone, email) in people {
        // Recompute the check character so the seed is always valid.
        let body = &body_and_check[..17];
        let id = format!("{body}{}", crate::domain::id_number::check_char(body.as_bytes()));
        ensure_person(db, vault, name, &id, phone, email, DEMO_PASSWORD).await?;
    }
    let body = "91450100MA5K0DEM0";
    let code = format!("{body}{}", crate::domain::credit_code::check_char(body.as_bytes()).unwrap_or('0'));
    ensure_unit(db, vault, &code, "广西示范科技有限公司", "13800000001").await?;
    tracing::info!(
        password = DEMO_PASSWORD,
        unit = %code,
        "演示数据：个人账户 13800000001（张三，亦为演示单位工作人员）/ 13800000002 / 13800000003；单位账户“广西示范科技有限公司”；管理端 admin 之外另有 qzgb（区职改办）、nnzgb（南宁市职改办）、nnjyj（南宁市教育局）"
    );
    Ok(())
}

/// An approved demo unit in 南宁市青秀区 with one staff member (by phone).
async fn ensure_unit(
    db: &DatabaseConnection,
    vault: &super::personal::Vault,
    credit_code: &str,
    name: &str,
    staff_phone: &str,
) -> Result<(), DbErr> {
    use super::entities::{unit, unit_staff};
    if unit::Entity::find().filter(unit::Column::CreditCode.eq(credit_code)).one(db).await?.is_some() {
        return Ok(());
    }
    let staff = person::Entity::find().filter(person::Column::PhoneHash.eq(vault.hash(staff_phone))).one(db).await?;
    let hash =
        hashing::hash_once(DEMO_PASSWORD.to_owned()).await.ok_or_else(|| DbErr::Custom("hashing failed".into()))?;
    let (credit_code, name) = (credit_code.to_owned(), name.to_owned());
    db.transaction::<_, (), DbErr>(|txn| {
        Box::pin(async move {
            let now = Utc::now();
            let acc = new_account(txn, "unit", hash).await?;
            unit::ActiveModel {
                account_id: Set(acc.id),
                credit_code: Set(credit_code),
                name: Set(name),
                legal_rep: Set("王示范".into()),
                kind: Set("非公企业".into()),
                industry: Set("I".into()),
                region_code: Set("450103".into()),
                city_code: Set("450100".into()),
                address: Set("民族大道100号".into()),
                licence_id: Set(None),
                status: Set("approved".into()),
                review_note: Set(String::new()),
                reviewed_by: Set(None),
                reviewed_at: Set(Some(now)),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(txn)
            .await?;
            if let Some(p) = staff {
                unit_staff::ActiveModel {
                    public_id: Set(uuid::Uuid::new_v4()),
                    unit_id: Set(acc.id),
                    person_id: Set(p.account_id),
                    enabled: Set(true),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(txn)
                .await?;
            }
            Ok(())
        })
    })
    .await
    .map_err(|e| DbErr::Custom(e.to_string()))
}

pub async fn ensure_person(
    db: &DatabaseConnection,
    vault: &super::personal::Vault,
    name: &str,
    id_number: &str,
    phone: &str,
    email: &str,
    password: &str,
) -> Result<(), DbErr> {
    if person::Entity::find().filter(person::Column::IdNumberHash.eq(vault.hash(id_number))).one(db).await?.is_some() {
        return Ok(());
    }
    let id = crate::domain::IdNumber::parse(id_number, super::text::today_cn())
        .map_err(|e| DbErr::Custom(e.message().into()))?;
    let hash = hashing::hash_once(password.to_owned()).await.ok_or_else(|| DbErr::Custom("hashing failed".into()))?;
    let (name, email) = (name.to_owned(), email.to_owned());
    let (sealed_id, id_hash) = (vault.seal(id.as_str()), vault.hash(id.as_str()));
    let (sealed_phone, phone_hash) = (vault.seal(phone), vault.hash(phone));
    db.transaction::<_, (), DbErr>(|txn| {
        Box::pin(async move {
            let acc = new_account(txn, "person", hash).await?;
            person::ActiveModel {
                account_id: Set(acc.id),
                name: Set(name),
                id_type: Set("resident".into()),
                id_number: Set(sealed_id),
                id_number_hash: Set(Some(id_hash)),
                birth_date: Set(id.birth_date()),
                gender: Set(id.gender().label().to_owned()),
                phone: Set(sealed_phone),
                phone_hash: Set(Some(phone_hash)),
                email: Set(email),
            }
            .insert(txn)
            .await?;
            Ok(())
        })
    })
    .await
    .map_err(|e| DbErr::Custom(e.to_string()))?;
    Ok(())
}
