//! Percent-encoding of a query value or a download's `filename*`
//! (RFC 3986 unreserved characters kept, every other byte of the UTF-8 as
//! `%XX`): one rule for the pages' links and the server's headers.

pub fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_unreserved_and_encodes_the_rest() {
        assert_eq!(super::percent_encode("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(super::percent_encode("张 三&x=1"), "%E5%BC%A0%20%E4%B8%89%26x%3D1");
    }
}
