//! 手机号, 邮箱 and 姓名.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Phone(String);

impl Phone {
    /// `^1[3-9]\d{9}$`
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let s = input.trim();
        if s.is_empty() {
            return Err("请输入手机号");
        }
        let b = s.as_bytes();
        let ok = b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && b.iter().all(u8::is_ascii_digit);
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err("手机号应为11位数字，以13至19开头")
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    /// A pragmatic check: one '@', a dotted domain, no spaces, at most 100
    /// characters. Stored in lower case so uniqueness ignores case.
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let s = input.trim().to_lowercase();
        if s.is_empty() {
            return Err("请输入邮箱");
        }
        if s.chars().count() > 100 {
            return Err("邮箱不能超过100个字符");
        }
        let valid = match s.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
                    && s.chars().all(|c| c.is_ascii_graphic())
            }
            None => false,
        };
        if valid {
            Ok(Self(s))
        } else {
            Err("邮箱格式不正确，例如 name@example.com")
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName(String);

impl PersonName {
    /// Any printable text of 1 to 30 characters. Markup is kept as text: it is
    /// escaped where it is shown, never interpreted.
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let s = input.trim();
        if s.is_empty() {
            return Err("请输入姓名");
        }
        if s.chars().count() > 30 {
            return Err("姓名不能超过30个字符");
        }
        if s.chars().any(char::is_control) {
            return Err("姓名不能包含控制字符");
        }
        Ok(Self(s.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_eleven_digits_starting_13_to_19() {
        assert!(Phone::parse("13800138000").is_ok());
        assert!(Phone::parse("19912345678").is_ok());
        for bad in ["12800138000", "1380013800", "138001380001", "1380013800a", ""] {
            assert!(Phone::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails_need_a_dotted_domain() {
        assert_eq!(Email::parse(" Li@QQ.com ").unwrap().as_str(), "li@qq.com");
        for bad in ["li", "li@qq", "@qq.com", "li@@qq.com", "li @qq.com", "li@.com"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_keep_markup_as_text() {
        assert_eq!(PersonName::parse(" <b>李</b> ").unwrap().as_str(), "<b>李</b>");
        assert!(PersonName::parse("   ").is_err());
        assert!(PersonName::parse(&"李".repeat(31)).is_err());
    }
}
