//! Small helpers for text in queries and on screen (China time).

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use sea_orm::sea_query::LikeExpr;

/// China time (UTC+8, no daylight saving).
pub fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// The first second of day `d` in China, as an instant.
pub fn day_start_cn(d: NaiveDate) -> DateTime<Utc> {
    (d.and_time(chrono::NaiveTime::MIN) - chrono::Duration::hours(8)).and_utc()
}

/// The last second of day `d` in China (a deadline on that day), as an instant.
pub fn day_end_cn(d: NaiveDate) -> DateTime<Utc> {
    day_start_cn(d) + chrono::Duration::seconds(86_399)
}

/// Today in China (UTC+8): bounds birth dates and counts years of work.
pub fn today_cn() -> NaiveDate {
    Utc::now().with_timezone(&china()).date_naive()
}

/// A time as pages show it, in China time, to the second (steps taken
/// within one minute must still show their order).
pub fn cn_time(t: DateTime<Utc>) -> String {
    use chrono::{Datelike, Timelike};
    // Written field by field: chrono's `format` parses its pattern on every
    // call, and a list page shows forty of these. A leap second shows as :60
    // and a year outside 0–9999 with its sign, as chrono writes them.
    // The digits are pushed by hand: `format!` with widths was 3 % of the
    // 待办事项 list's server time.
    let t = t.with_timezone(&china());
    let second = t.second() + t.nanosecond() / 1_000_000_000;
    let (month, day, hour, minute) = (t.month(), t.day(), t.hour(), t.minute());
    let year = t.year();
    if !(0..=9999).contains(&year) {
        return format!("{year:+05}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}");
    }
    let year = year as u32;
    let mut s = String::with_capacity(19);
    // Each pair of digits, then what follows it.
    for (n, then) in
        [(year / 100, ""), (year % 100, "-"), (month, "-"), (day, " "), (hour, ":"), (minute, ":"), (second, "")]
    {
        push_two(&mut s, n);
        s.push_str(then);
    }
    s
}

/// `n` (0–99) as two digits.
fn push_two(s: &mut String, n: u32) {
    s.push(char::from(b'0' + (n / 10) as u8));
    s.push(char::from(b'0' + (n % 10) as u8));
}

/// `LIKE '%keyword%'` with the keyword's own `%`, `_` and `\` taken
/// literally; at most `max` characters of it.
pub fn contains(keyword: &str, max: usize) -> LikeExpr {
    let escaped: String = keyword
        .chars()
        .take(max)
        .flat_map(|c| if matches!(c, '%' | '_' | '\\') { vec!['\\', c] } else { vec![c] })
        .collect();
    LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

/// RFC 5987 encoding of a file name for `filename*` (the pages' rule).
pub use crate::domain::url::percent_encode;

#[cfg(test)]
mod cn_time_tests {
    use super::*;

    #[test]
    fn cn_time_is_china_time_to_the_second_as_chrono_formats_it() {
        for (utc, shown) in [
            ("2026-12-31T16:00:00Z", "2027-01-01 00:00:00"),
            ("2026-03-05T07:08:09.999Z", "2026-03-05 15:08:09"),
            ("0999-01-01T00:00:00Z", "0999-01-01 08:00:00"),
            ("-0001-06-01T00:00:00Z", "-0001-06-01 08:00:00"),
            ("+10000-06-01T00:00:00Z", "+10000-06-01 08:00:00"),
        ] {
            let t: DateTime<Utc> = utc.parse().unwrap();
            assert_eq!(cn_time(t), shown);
            assert_eq!(cn_time(t), t.with_timezone(&china()).format("%Y-%m-%d %H:%M:%S").to_string());
        }
        let leap =
            NaiveDate::from_ymd_opt(2016, 12, 31).unwrap().and_hms_milli_opt(15, 59, 59, 1_500).unwrap().and_utc();
        assert_eq!(cn_time(leap), "2016-12-31 23:59:60");
        assert_eq!(cn_time(leap), leap.with_timezone(&china()).format("%Y-%m-%d %H:%M:%S").to_string());
    }
}
