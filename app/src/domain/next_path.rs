//! Where to go after signing in (`/login?next=…`): only a path of this
//! portal. Anything a browser could read as another origin is dropped:
//! `//host`, backslashes (read as slashes), and control characters or
//! spaces, which browsers strip before parsing (`/\t/evil.example` becomes
//! `//evil.example`).

/// The longest `next` kept.
const MAX: usize = 300;

/// `next` if it is a same-origin path, otherwise `None`.
pub fn safe(next: &str) -> Option<String> {
    let ok = next.len() <= MAX
        && next.starts_with('/')
        && next.chars().all(|c| c.is_ascii_graphic())
        && !next.contains('\\')
        && !next[1..].starts_with('/');
    ok.then(|| next.to_owned())
}

#[cfg(test)]
mod tests {
    use super::safe;
    use proptest::prelude::*;

    #[test]
    fn keeps_portal_paths() {
        assert_eq!(safe("/staff/declarations/abc?x=1").as_deref(), Some("/staff/declarations/abc?x=1"));
        assert_eq!(safe("/").as_deref(), Some("/"));
    }

    #[test]
    fn drops_what_a_browser_reads_as_another_site() {
        for bad in [
            "//evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            " /staff",
            "/ /x",
            "",
            "staff",
        ] {
            assert_eq!(safe(bad), None, "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn never_panics_and_only_keeps_same_origin_paths(s in any::<String>()) {
            if let Some(kept) = safe(&s) {
                prop_assert!(kept.starts_with('/'));
                prop_assert!(!kept[1..].starts_with('/'));
                prop_assert!(kept.chars().all(|c| c.is_ascii_graphic() && c != '\\'));
            }
        }

        #[test]
        fn every_plain_portal_path_is_kept(segments in proptest::collection::vec("[a-z0-9_-]{1,12}", 0..5)) {
            let path = format!("/{}", segments.join("/"));
            prop_assert_eq!(safe(&path), Some(path.clone()));
        }
    }
}
