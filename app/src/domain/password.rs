//! The password rule: 8 to 32 characters with at least three of upper case,
//! lower case, digit and symbol.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordError {
    TooShort,
    TooLong,
    TooSimple,
    Whitespace,
}

impl PasswordError {
    pub fn message(self) -> &'static str {
        match self {
            PasswordError::TooShort => "密码长度不能少于8位",
            PasswordError::TooLong => "密码长度不能超过32位",
            PasswordError::TooSimple => "密码须包含大写字母、小写字母、数字、符号中的至少三种",
            PasswordError::Whitespace => "密码不能包含空格",
        }
    }
}

pub const RULE_HINT: &str = "8至32位，须包含大写字母、小写字母、数字、符号中的至少三种";

/// A new password that satisfies the rule. Never serialised.
pub struct Password(String);

impl Password {
    pub fn parse(input: &str) -> Result<Self, PasswordError> {
        let n = input.chars().count();
        if n < 8 {
            return Err(PasswordError::TooShort);
        }
        if n > 32 {
            return Err(PasswordError::TooLong);
        }
        if input.chars().any(char::is_whitespace) {
            return Err(PasswordError::Whitespace);
        }
        let classes = [
            input.chars().any(|c| c.is_ascii_uppercase()),
            input.chars().any(|c| c.is_ascii_lowercase()),
            input.chars().any(|c| c.is_ascii_digit()),
            input.chars().any(|c| !c.is_ascii_alphanumeric()),
        ];
        if classes.iter().filter(|b| **b).count() < 3 {
            return Err(PasswordError::TooSimple);
        }
        Ok(Self(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_three_classes_of_eight_or_more() {
        for ok in ["Abcdefg1", "abcdef1!", "ABCDEF1!", "Abcdefg!", "Zc1!Zc1!Zc1!"] {
            assert!(Password::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn refuses_short_passwords() {
        assert_eq!(Password::parse("Ab1!").unwrap_err(), PasswordError::TooShort);
    }

    #[test]
    fn refuses_long_passwords() {
        let long = "Ab1!".repeat(9);
        assert_eq!(Password::parse(&long).unwrap_err(), PasswordError::TooLong);
    }

    #[test]
    fn refuses_two_classes() {
        for weak in ["abcdefgh", "abcd1234", "ABCD1234", "abcd!@#$", "12345678"] {
            assert_eq!(Password::parse(weak).unwrap_err(), PasswordError::TooSimple, "{weak}");
        }
    }

    #[test]
    fn refuses_spaces() {
        assert_eq!(Password::parse("Abc 1234!").unwrap_err(), PasswordError::Whitespace);
    }

    #[test]
    fn never_prints_itself() {
        let p = Password::parse("Secret12!").unwrap();
        assert_eq!(format!("{p:?}"), "Password(***)");
    }
}
