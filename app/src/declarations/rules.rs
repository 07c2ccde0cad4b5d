//! The common conditions of 职称认定 (DESIGN.md §2): education plus years
//! of professional work → the highest level one may declare. The rules are
//! data (table `qualification_rule`), so offices can change them; this
//! module only applies them. Not meeting them is a warning: the
//! reviewers decide.

use super::Level;
use serde::{Deserialize, Serialize};

/// 学历, lowest first.
pub const EDUCATIONS: [&str; 5] = ["中专", "大专", "本科", "硕士", "博士"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub education: String,
    pub level: Level,
    pub min_years: i32,
}

/// The highest of the given educations (unknown ones ignored).
pub fn highest_education<'a>(educations: impl IntoIterator<Item = &'a str>) -> Option<&'static str> {
    educations.into_iter().filter_map(|e| EDUCATIONS.iter().position(|k| *k == e)).max().map(|i| EDUCATIONS[i])
}

/// Why the chosen level does not meet the rules, or None when it does.
pub fn check(rules: &[Rule], education: Option<&str>, years: i32, level: Level) -> Option<String> {
    let Some(education) = education else {
        return Some("未填写学历情况，无法核对申报条件".into());
    };
    let own: Vec<&Rule> = rules.iter().filter(|r| r.education == education).collect();
    // A level is met if it, or a higher level, is reached with these years.
    let met = own.iter().any(|r| r.level >= level && years >= r.min_years);
    if met {
        return None;
    }
    let needed = own.iter().filter(|r| r.level >= level).map(|r| r.min_years).min();
    Some(match needed {
        Some(n) => {
            format!("按常用条件，{education}学历申报{}需从事专业技术工作满{n}年，您目前为{years}年", level.label())
        }
        None => format!("按常用条件，{education}学历不能直接申报{}", level.label()),
    })
}

/// Whole years between `from` (YYYY-MM) and `today` (YYYY-MM-DD prefix).
pub fn years_since(from: &str, today: &str) -> Option<i32> {
    let parse = |s: &str| -> Option<(i32, i32)> {
        let y = s.get(0..4)?.parse().ok()?;
        let m = s.get(5..7)?.parse().ok()?;
        (1..=12).contains(&m).then_some((y, m))
    };
    let (fy, fm) = parse(from)?;
    let (ty, tm) = parse(today)?;
    let months = (ty - fy) * 12 + (tm - fm);
    (months >= 0).then_some(months / 12)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> Vec<Rule> {
        [
            ("中专", Level::Junior, 1),
            ("大专", Level::Junior, 1),
            ("大专", Level::Assistant, 3),
            ("本科", Level::Assistant, 1),
            ("硕士", Level::Assistant, 0),
            ("硕士", Level::Intermediate, 3),
            ("博士", Level::Intermediate, 0),
        ]
        .into_iter()
        .map(|(e, l, y)| Rule { education: e.into(), level: l, min_years: y })
        .collect()
    }

    #[test]
    fn the_common_conditions_of_the_design() {
        let r = defaults();
        assert_eq!(check(&r, Some("中专"), 1, Level::Junior), None);
        assert_eq!(check(&r, Some("大专"), 3, Level::Assistant), None);
        assert_eq!(check(&r, Some("本科"), 1, Level::Assistant), None);
        assert_eq!(check(&r, Some("硕士"), 0, Level::Assistant), None);
        assert_eq!(check(&r, Some("硕士"), 3, Level::Intermediate), None);
        assert_eq!(check(&r, Some("博士"), 0, Level::Intermediate), None);
    }

    #[test]
    fn a_higher_level_reached_covers_the_lower_ones() {
        assert_eq!(check(&defaults(), Some("本科"), 2, Level::Junior), None);
        assert_eq!(check(&defaults(), Some("博士"), 0, Level::Junior), None);
    }

    #[test]
    fn warnings_say_what_is_missing() {
        let r = defaults();
        assert_eq!(
            check(&r, Some("大专"), 2, Level::Assistant).unwrap(),
            "按常用条件，大专学历申报初级（助理级）需从事专业技术工作满3年，您目前为2年"
        );
        assert_eq!(check(&r, Some("中专"), 10, Level::Intermediate).unwrap(), "按常用条件，中专学历不能直接申报中级");
        assert_eq!(check(&r, None, 5, Level::Junior).unwrap(), "未填写学历情况，无法核对申报条件");
    }

    #[test]
    fn counts_whole_years_and_picks_the_highest_education() {
        assert_eq!(years_since("2023-12", "2026-11-27"), Some(2));
        assert_eq!(years_since("2023-11", "2026-11-27"), Some(3));
        assert_eq!(years_since("2027-01", "2026-11-27"), None);
        assert_eq!(years_since("bad", "2026-11-27"), None);
        assert_eq!(highest_education(["大专", "硕士", "本科"]), Some("硕士"));
        assert_eq!(highest_education(["其他"]), None);
    }
}
