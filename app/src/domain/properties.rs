//! Property tests of the validators: whatever is typed, none panics; what
//! the rules call valid always passes.

use super::{credit_code, id_number, CreditCode, IdNumber, Password, Phone};
use chrono::NaiveDate;
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).expect("date")
}

/// A valid 居民身份证号: a Guangxi area, a real birth date, the check character.
fn valid_id_number() -> impl Strategy<Value = String> {
    (1950i32..2008, 1u32..=12, 1u32..=28, 0u32..1000).prop_map(|(y, m, d, seq)| {
        let body = format!("450102{y:04}{m:02}{d:02}{seq:03}");
        format!("{body}{}", id_number::check_char(body.as_bytes()))
    })
}

/// A valid 统一社会信用代码: a known kind, any body from the alphabet, the check character.
fn valid_credit_code() -> impl Strategy<Value = String> {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    (prop::sample::select(vec!["11", "12", "51", "52", "91", "93"]), prop::collection::vec(0usize..31, 14)).prop_map(
        |(kind, body)| {
            let body: String = body.into_iter().map(|i| ALPHABET[i] as char).collect();
            let first17 = format!("{kind}{}{}", "4501", &body[..11]);
            let check = credit_code::check_char(first17.as_bytes()).expect("alphabet");
            format!("{first17}{check}")
        },
    )
}

/// A password with at least three character classes, 8 to 32 long.
fn valid_password() -> impl Strategy<Value = String> {
    ("[A-Z]{1,8}", "[a-z]{1,8}", "[0-9]{1,8}", "[!@#%+=?]{0,8}")
        .prop_map(|(u, l, d, s)| format!("{u}{l}{d}{s}"))
        .prop_filter("8 to 32 characters", |p| (8..=32).contains(&p.chars().count()))
}

proptest! {
    #[test]
    fn no_validator_panics_on_any_input(s in any::<String>()) {
        let _ = IdNumber::parse(&s, today());
        let _ = id_number::parse_other(&s);
        let _ = CreditCode::parse(&s);
        let _ = Phone::parse(&s);
        let _ = Password::parse(&s);
    }

    #[test]
    fn valid_id_numbers_parse_in_either_case(id in valid_id_number()) {
        prop_assert!(IdNumber::parse(&id, today()).is_ok(), "{}", id);
        prop_assert!(IdNumber::parse(&id.to_lowercase(), today()).is_ok());
    }

    #[test]
    fn a_changed_digit_breaks_an_id_number(id in valid_id_number(), pos in 0usize..17) {
        let mut b = id.into_bytes();
        b[pos] = if b[pos] == b'9' { b'0' } else { b[pos] + 1 };
        let changed = String::from_utf8(b).expect("ascii");
        prop_assert!(IdNumber::parse(&changed, today()).is_err(), "{}", changed);
    }

    #[test]
    fn valid_credit_codes_parse(code in valid_credit_code()) {
        prop_assert!(CreditCode::parse(&code).is_ok(), "{}", code);
    }

    #[test]
    fn mobile_numbers_parse(p in "1[3-9][0-9]{9}") {
        prop_assert!(Phone::parse(&p).is_ok(), "{}", p);
    }

    #[test]
    fn passwords_of_three_classes_pass(p in valid_password()) {
        prop_assert!(Password::parse(&p).is_ok(), "{}", p);
    }
}
