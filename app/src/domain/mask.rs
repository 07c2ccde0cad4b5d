//! Masking personal data for lists and logs.

/// 4501**********123X: the first and last four characters kept.
pub fn id_number(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 8))
}

/// 138****8000
pub fn phone(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() < 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

/// 黄*: the first character and one star, whatever the length (the
/// number of stars would tell the name's length).
pub fn name(s: &str) -> String {
    match s.chars().next() {
        Some(first) => format!("{first}*"),
        None => String::new(),
    }
}

/// li***@qq.com
pub fn email(s: &str) -> String {
    match s.split_once('@') {
        Some((local, domain)) => {
            let keep: String = local.chars().take(2).collect();
            format!("{keep}***@{domain}")
        }
        None => "***".into(),
    }
}

/// Whatever a person typed as an account (ID number, phone or unknown text),
/// masked for the 登录日志.
pub fn account(s: &str) -> String {
    let n = s.chars().count();
    if n >= 15 {
        id_number(s)
    } else if n >= 7 {
        phone(s)
    } else {
        "*".repeat(n)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn masks_like_the_manual() {
        assert_eq!(super::id_number("45010219780101123X"), "4501**********123X");
        assert_eq!(super::phone("13800138000"), "138****8000");
        assert_eq!(super::name("黄"), "黄*");
        assert_eq!(super::name("欧阳锋"), "欧*");
        assert_eq!(super::email("lichen@qq.com"), "li***@qq.com");
    }
}
