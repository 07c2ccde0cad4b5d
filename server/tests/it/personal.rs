//! Personal data at rest: 证件号码 and phone numbers are sealed in the
//! database, found by keyed hashes, masked in every list, and shown whole
//! only to a declaration's reviewers, each look written to the audit log.

use crate::harness::*;
use crate::on_both_databases;
use app::declarations::api::{RevealIdentity, TodoList};
use app::declarations::TodoFilter;
use app::server::entities::{declaration, person, unit_contact};
use app::server::personal::{self, Vault};
use app::server::secrets::Secrets;
use app::units::api::{LookupStaffCandidate, SaveUnitContact};
use app::units::ContactInput;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

on_both_databases!(
    id_numbers_and_phones_are_stored_sealed_and_still_found,
    only_a_declarations_reviewers_see_the_whole_id_number_and_each_look_is_audited,
    values_stored_in_clear_are_sealed_at_start_and_a_rotated_key_reseals_them,
);

async fn id_numbers_and_phones_are_stored_sealed_and_still_found(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let id = app.submitted(&w, "Junior").await;
    let input =
        ContactInput {
            id: None, name: "刘联系".into(), phone: "13912345678".into(), email: "liu@example.com".into()
        };
    let (s, b) = app.send(&w.unit_client, SaveUnitContact { input }).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b[0]["phone"], "13912345678", "the unit sees its own contact's phone");

    for p in person::Entity::find().all(app.db()).await.unwrap() {
        assert!(p.id_number.starts_with("v1."), "sealed: {}", p.id_number);
        assert!(p.phone.starts_with("v1."), "sealed: {}", p.phone);
        assert!(p.id_number_hash.is_some() && p.phone_hash.is_some());
    }
    let d = declaration::Entity::find().one(app.db()).await.unwrap().unwrap();
    assert!(!d.applicant_id_number.contains(&w.applicant.id_number));
    assert!(d.applicant_id_number.starts_with("v1."));
    let c = unit_contact::Entity::find().one(app.db()).await.unwrap().unwrap();
    assert!(c.phone.starts_with("v1.") && !c.phone.contains("13912345678"));
    // Nothing in clear anywhere a copy of these tables would show.
    for (table, col) in [("person", "id_number"), ("person", "phone"), ("declaration", "applicant_id_number")] {
        let sql = format!(
            "SELECT COUNT(*) FROM {table} WHERE {col} IN ('{}', '{}', '{}')",
            w.applicant.id_number, w.applicant.phone, w.staff.id_number
        );
        assert_eq!(app.count(&sql).await, 0, "{table}.{col}");
    }

    // Still found: sign-in by ID number and by phone, the staff lookup,
    // the 待办事项 keyword search by a whole ID number.
    let c = app.client();
    let (s, b) = app.sign_in(&c, &w.applicant.id_number.to_lowercase(), &w.applicant.password).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = app.sign_in(&app.client(), &w.applicant.phone, &w.applicant.password).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = app.send(&w.unit_client, LookupStaffCandidate { id_number: w.applicant.id_number.clone() }).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["name"].as_str().unwrap().chars().last(), Some('*'));
    let filter = TodoFilter {
        status: String::new(),
        year: None,
        business: None,
        level: None,
        keyword: w.applicant.id_number.clone(),
        oldest_first: false,
        page: 1,
    };
    let (s, b) = app.send(&w.staff_client, TodoList { filter }).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["rows"].as_array().unwrap().len(), 1, "{b}");
    assert_eq!(b["rows"][0]["id"], id);
    // Taken is still taken, across kinds: a new account with the same ID.
    let twin = NewPerson { id_number: w.applicant.id_number.clone(), ..NewPerson::random() };
    let (s, b) = app.register(&app.client(), &twin).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(field_errors(&b).iter().any(|(f, _)| f == "id_number"), "{b}");
    app.stop().await;
}

async fn only_a_declarations_reviewers_see_the_whole_id_number_and_each_look_is_audited(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = app.world().await;
    let id = app.submitted(&w, "Junior").await;
    let audited = "SELECT COUNT(*) FROM audit_log WHERE action = '查看完整证件号码'";

    // The detail shows both masked, to the reviewer too.
    let (s, d) = app.detail(&w.staff_client, &id).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert!(d["id_number_masked"].as_str().unwrap().contains("**********"), "{d}");
    let phone = d["phone"].as_str().unwrap();
    assert!(phone.contains("****") && !phone.contains(&w.applicant.phone[3..7]), "{d}");

    // Refused: anonymous, the applicant, the unit account, another unit's staff.
    let other = app.world().await;
    for (who, client, status) in [
        ("anonymous", app.client(), StatusCode::UNAUTHORIZED),
        ("applicant", w.applicant_client.clone(), StatusCode::FORBIDDEN),
        ("unit", w.unit_client.clone(), StatusCode::FORBIDDEN),
        ("other staff", other.staff_client.clone(), StatusCode::FORBIDDEN),
    ] {
        let (s, b) = app.send(&client, RevealIdentity { id: uuid(&id) }).await;
        assert_eq!(s, status, "{who}: {b}");
        assert!(!b.to_string().contains(&w.applicant.id_number), "{who}");
    }
    assert_eq!(app.count(audited).await, 0, "a refused look is no look");

    // The unit's staff may, and the look is audited.
    let (s, b) = app.send(&w.staff_client, RevealIdentity { id: uuid(&id) }).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["id_number"], w.applicant.id_number.to_uppercase());
    assert_eq!(b["phone"], w.applicant.phone);
    assert_eq!(app.count(audited).await, 1);
    let sql =
        format!("SELECT COUNT(*) FROM audit_log WHERE action = '查看完整证件号码' AND target = 'declaration:{id}'");
    assert_eq!(app.count(&sql).await, 1);

    // Once forwarded, the office it went to may too.
    app.fill_opinions(&w.staff_client, &id, false).await;
    let (s, b) = app.forward(&w.staff_client, &id, "ZGB-450100").await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let office = app.client();
    app.signed_in_officer(&office, "nn_reveal", "office", Some("ZGB-450100")).await;
    let (s, b) = app.send(&office, RevealIdentity { id: uuid(&id) }).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let elsewhere = app.client();
    app.signed_in_officer(&elsewhere, "lz_reveal", "office", Some("ZGB-450200")).await;
    let (s, _) = app.send(&elsewhere, RevealIdentity { id: uuid(&id) }).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "another city's office");
    assert_eq!(app.count(audited).await, 2);
    app.stop().await;
}

async fn values_stored_in_clear_are_sealed_at_start_and_a_rotated_key_reseals_them(db: Db) {
    let app = TestApp::spawn(db).await;
    let p = app.signed_in_person(&app.client()).await;
    let row = person::Entity::find()
        .filter(person::Column::PhoneHash.eq(app.state.vault.hash(&p.phone)))
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    let upper = p.id_number.to_uppercase();

    // As an older version stored it: in clear, without hashes.
    person::Entity::update_many()
        .col_expr(person::Column::IdNumber, sea_orm::sea_query::Expr::value(upper.clone()))
        .col_expr(person::Column::Phone, sea_orm::sea_query::Expr::value(p.phone.clone()))
        .col_expr(person::Column::IdNumberHash, sea_orm::sea_query::Expr::value(Option::<String>::None))
        .col_expr(person::Column::PhoneHash, sea_orm::sea_query::Expr::value(Option::<String>::None))
        .filter(person::Column::AccountId.eq(row.account_id))
        .exec(app.db())
        .await
        .unwrap();
    let (s, _) = app.sign_in(&app.client(), &p.phone, &p.password).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "without its hash the row is not found yet");
    let sealed = personal::reseal(app.db(), &app.state.vault).await.unwrap();
    assert!(sealed >= 1);
    let after = person::Entity::find_by_id(row.account_id).one(app.db()).await.unwrap().unwrap();
    assert!(after.id_number.starts_with("v1.") && after.phone.starts_with("v1."));
    assert_eq!(app.state.vault.open(&after.id_number), upper);
    let (s, b) = app.sign_in(&app.client(), &p.phone, &p.password).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(personal::reseal(app.db(), &app.state.vault).await.unwrap(), 0, "nothing left to do");

    // A rotation: the new key seals again, the old one still opens until then.
    let new_key = Secrets::fixed([9; 32]);
    let rotated = Vault::new(&new_key, std::slice::from_ref(&app.state.secrets));
    assert_eq!(rotated.open(&after.phone), p.phone, "the previous key still opens");
    assert!(personal::reseal(app.db(), &rotated).await.unwrap() >= 1);
    let again = person::Entity::find_by_id(row.account_id).one(app.db()).await.unwrap().unwrap();
    assert_eq!(Vault::new(&new_key, &[]).open(&again.phone), p.phone, "sealed with the new key alone");
    assert_eq!(again.phone_hash.as_deref(), Some(rotated.hash(&p.phone).as_str()), "hashes recomputed");
    assert_eq!(app.state.vault.open(&again.phone), "", "the old vault no longer opens it");
    app.stop().await;
}
