//! 统一社会信用代码 (GB 32100-2015).

use serde::{Deserialize, Serialize};

const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreditCodeError {
    Empty,
    Length,
    Character,
    Checksum,
}

impl CreditCodeError {
    pub fn message(self) -> &'static str {
        match self {
            CreditCodeError::Empty => "请输入统一社会信用代码",
            CreditCodeError::Length => "统一社会信用代码应为18位",
            CreditCodeError::Character => "统一社会信用代码只能由数字和大写字母组成，且不含I、O、S、V、Z",
            CreditCodeError::Checksum => "统一社会信用代码校验位不正确，请对照营业执照核对",
        }
    }
}

fn value(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// The check character for the first 17 characters (all from the alphabet).
pub fn check_char(first17: &[u8]) -> Option<char> {
    let mut sum = 0;
    for (c, w) in first17.iter().zip(WEIGHTS) {
        sum += value(*c)? * w;
    }
    Some(ALPHABET[((31 - sum % 31) % 31) as usize] as char)
}

/// A valid 统一社会信用代码, upper case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CreditCode(String);

impl CreditCode {
    pub fn parse(input: &str) -> Result<Self, CreditCodeError> {
        let s = input.trim().to_ascii_uppercase();
        if s.is_empty() {
            return Err(CreditCodeError::Empty);
        }
        if s.chars().count() != 18 {
            return Err(CreditCodeError::Length);
        }
        let b = s.as_bytes();
        if !b.iter().all(|c| value(*c).is_some()) {
            return Err(CreditCodeError::Character);
        }
        if check_char(&b[..17]) != Some(b[17] as char) {
            return Err(CreditCodeError::Checksum);
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The registering authority and kind (positions 1–2), e.g. "91" 企业.
    pub fn kind_code(&self) -> &str {
        &self.0[..2]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_samples_of_the_standard() {
        for s in ["91350100M000100Y43", "91110000600037341L"] {
            assert_eq!(CreditCode::parse(s).unwrap().as_str(), s);
        }
        assert_eq!(CreditCode::parse(" 91110000600037341l ").unwrap().kind_code(), "91");
    }

    #[test]
    fn refuses_a_bad_checksum() {
        assert_eq!(CreditCode::parse("91350100M000100Y44"), Err(CreditCodeError::Checksum));
        assert_eq!(CreditCode::parse("91110000600037341K"), Err(CreditCodeError::Checksum));
    }

    #[test]
    fn refuses_wrong_length() {
        assert_eq!(CreditCode::parse("91350100M000100Y4"), Err(CreditCodeError::Length));
        assert_eq!(CreditCode::parse(""), Err(CreditCodeError::Empty));
    }

    #[test]
    fn refuses_the_letters_the_standard_leaves_out() {
        for bad in ['I', 'O', 'S', 'V', 'Z'] {
            let s = format!("91350100M000100{bad}43");
            assert_eq!(CreditCode::parse(&s), Err(CreditCodeError::Character), "{s}");
        }
    }
}
