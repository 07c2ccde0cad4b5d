//! 居民身份证号 (GB 11643-1999) and the other kinds of 证件.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// 证件类型. 居民身份证 comes first: almost everyone uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum IdType {
    #[default]
    ResidentIdCard,
    HkMacaoPermit,
    TaiwanPermit,
    Passport,
    ForeignerPermanentResident,
    HkMacaoTaiwanResidence,
}

impl IdType {
    pub const ALL: [IdType; 6] = [
        IdType::ResidentIdCard,
        IdType::HkMacaoPermit,
        IdType::TaiwanPermit,
        IdType::Passport,
        IdType::ForeignerPermanentResident,
        IdType::HkMacaoTaiwanResidence,
    ];

    pub fn label(self) -> &'static str {
        match self {
            IdType::ResidentIdCard => "居民身份证",
            IdType::HkMacaoPermit => "港澳居民来往内地通行证",
            IdType::TaiwanPermit => "台湾居民来往大陆通行证",
            IdType::Passport => "护照",
            IdType::ForeignerPermanentResident => "外国人永久居留身份证",
            IdType::HkMacaoTaiwanResidence => "港澳台居民居住证",
        }
    }

    /// Stable code stored in the database and sent in forms.
    pub fn code(self) -> &'static str {
        match self {
            IdType::ResidentIdCard => "resident",
            IdType::HkMacaoPermit => "hk_macao_permit",
            IdType::TaiwanPermit => "taiwan_permit",
            IdType::Passport => "passport",
            IdType::ForeignerPermanentResident => "foreigner_permanent",
            IdType::HkMacaoTaiwanResidence => "hmt_residence",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    /// Whether the number itself carries the birth date, sex and checksum
    /// (the 18-character GB 11643 layout).
    pub fn is_gb11643(self) -> bool {
        matches!(self, IdType::ResidentIdCard | IdType::HkMacaoTaiwanResidence)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn label(self) -> &'static str {
        match self {
            Gender::Male => "男",
            Gender::Female => "女",
        }
    }
    pub fn from_label(s: &str) -> Option<Self> {
        match s {
            "男" => Some(Gender::Male),
            "女" => Some(Gender::Female),
            _ => None,
        }
    }
}

/// Why a 证件号码 was refused; `message` is what the applicant reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdNumberError {
    Empty,
    Length,
    Format,
    Area,
    BirthDate,
    Checksum,
    OtherFormat,
    LooksLikePhone,
}

impl IdNumberError {
    pub fn message(self) -> &'static str {
        match self {
            IdNumberError::Empty => "请输入证件号码",
            IdNumberError::Length => "身份证号码应为18位",
            IdNumberError::Format => "身份证号码前17位应为数字，最后一位为数字或X",
            IdNumberError::Area => "身份证号码的地区码不正确",
            IdNumberError::BirthDate => "身份证号码中的出生日期不存在或不合理",
            IdNumberError::Checksum => "身份证号码校验位不正确，请核对后重新输入",
            IdNumberError::OtherFormat => "证件号码应为5至20位字母、数字或短横线",
            IdNumberError::LooksLikePhone => "证件号码不能与手机号码格式相同（11位、以13至19开头的数字）",
        }
    }
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";
/// First two digits of GB/T 2260 province-level codes (plus 81/82/83 used by
/// 港澳台居民居住证).
const PROVINCES: [u8; 37] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
    64, 65, 71, 81, 82, 83, 91, 99,
];

/// The check character GB 11643 gives for the first 17 digits.
pub fn check_char(first17: &[u8]) -> char {
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    CHECK[(sum % 11) as usize] as char
}

/// A valid 18-character 居民身份证号, upper-case X. Deserialising checks it
/// too (serde goes through [`TryFrom<String>`], never around `parse`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdNumber(String);

impl TryFrom<String> for IdNumber {
    type Error = &'static str;

    /// Everything `parse` checks but the future-birth bound: that depends
    /// on the day the number was entered, not the day it is read back.
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s, NaiveDate::MAX).map_err(IdNumberError::message)
    }
}

impl From<IdNumber> for String {
    fn from(n: IdNumber) -> String {
        n.0
    }
}

impl IdNumber {
    /// Parses a 居民身份证号; `today` bounds the birth date.
    pub fn parse(input: &str, today: NaiveDate) -> Result<Self, IdNumberError> {
        let s = input.trim().to_ascii_uppercase();
        if s.is_empty() {
            return Err(IdNumberError::Empty);
        }
        if s.chars().count() != 18 {
            return Err(IdNumberError::Length);
        }
        let b = s.as_bytes();
        if !b[..17].iter().all(u8::is_ascii_digit) || !(b[17].is_ascii_digit() || b[17] == b'X') {
            return Err(IdNumberError::Format);
        }
        let province = (b[0] - b'0') * 10 + (b[1] - b'0');
        if !PROVINCES.contains(&province) {
            return Err(IdNumberError::Area);
        }
        let birth = birth_date_of(&s).ok_or(IdNumberError::BirthDate)?;
        if birth.year() < 1900 || birth > today {
            return Err(IdNumberError::BirthDate);
        }
        if check_char(&b[..17]) != b[17] as char {
            return Err(IdNumberError::Checksum);
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn birth_date(&self) -> NaiveDate {
        birth_date_of(&self.0).expect("checked in parse")
    }

    /// The 17th digit: odd for men, even for women.
    pub fn gender(&self) -> Gender {
        if (self.0.as_bytes()[16] - b'0') % 2 == 1 {
            Gender::Male
        } else {
            Gender::Female
        }
    }
}

fn birth_date_of(s: &str) -> Option<NaiveDate> {
    let y = s.get(6..10)?.parse().ok()?;
    let m = s.get(10..12)?.parse().ok()?;
    let d = s.get(12..14)?.parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Checks a number of a kind other than GB 11643: letters, digits, '-'.
pub fn parse_other(input: &str) -> Result<String, IdNumberError> {
    let s = input.trim().to_ascii_uppercase();
    if s.is_empty() {
        return Err(IdNumberError::Empty);
    }
    let len = s.chars().count();
    if !(5..=20).contains(&len) || !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(IdNumberError::OtherFormat);
    }
    // Sign-in reads a mobile-shaped account as a phone number: an ID of
    // that shape would be taken for someone's phone (one namespace).
    if crate::domain::Phone::parse(&s).is_ok() {
        return Err(IdNumberError::LooksLikePhone);
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    #[test]
    fn accepts_the_gb11643_sample_and_derives_birth_date_and_sex() {
        let id = IdNumber::parse("11010519491231002x", today()).unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31).unwrap());
        assert_eq!(id.gender(), Gender::Female);
    }

    #[test]
    fn computes_check_characters() {
        assert_eq!(check_char(b"11010519491231002"), 'X');
        // A male example built from its own check character.
        let body = "45010219900307001";
        let full = format!("{body}{}", check_char(body.as_bytes()));
        let id = IdNumber::parse(&full, today()).unwrap();
        assert_eq!(id.gender(), Gender::Male);
    }

    #[test]
    fn refuses_wrong_length() {
        assert_eq!(IdNumber::parse("1101051949123100", today()), Err(IdNumberError::Length));
        assert_eq!(IdNumber::parse("11010519491231002X1", today()), Err(IdNumberError::Length));
        assert_eq!(IdNumber::parse("  ", today()), Err(IdNumberError::Empty));
    }

    #[test]
    fn refuses_letters_in_the_body() {
        assert_eq!(IdNumber::parse("1101051949123100AX", today()), Err(IdNumberError::Format));
        assert_eq!(IdNumber::parse("11010519491231002Y", today()), Err(IdNumberError::Format));
    }

    #[test]
    fn refuses_a_bad_checksum() {
        assert_eq!(IdNumber::parse("110105194912310021", today()), Err(IdNumberError::Checksum));
    }

    #[test]
    fn refuses_impossible_or_future_birth_dates() {
        for body in ["45010219900230001", "45010219901301001", "45010218991231001", "45010220270101001"] {
            let full = format!("{body}{}", check_char(body.as_bytes()));
            assert_eq!(IdNumber::parse(&full, today()), Err(IdNumberError::BirthDate), "{full}");
        }
    }

    #[test]
    fn refuses_an_unknown_province() {
        let body = "00010219900101001";
        let full = format!("{body}{}", check_char(body.as_bytes()));
        assert_eq!(IdNumber::parse(&full, today()), Err(IdNumberError::Area));
    }

    #[test]
    fn deserialising_checks_the_number_like_parse() {
        let ok: IdNumber = serde_json::from_str("\"11010519491231002x\"").unwrap();
        assert_eq!(ok.as_str(), "11010519491231002X");
        assert_eq!(serde_json::to_string(&ok).unwrap(), "\"11010519491231002X\"");
        assert!(serde_json::from_str::<IdNumber>("\"110105194912310021\"").is_err());
        assert!(serde_json::from_str::<IdNumber>("\"12345\"").is_err());
    }

    #[test]
    fn other_kinds_take_letters_digits_and_dashes() {
        assert_eq!(parse_other(" e12345678 ").unwrap(), "E12345678");
        assert_eq!(parse_other("E12"), Err(IdNumberError::OtherFormat));
        assert_eq!(parse_other("E12 345"), Err(IdNumberError::OtherFormat));
        assert_eq!(parse_other("13800138000"), Err(IdNumberError::LooksLikePhone));
    }
}
