//! Small helpers for text in queries and on screen (China time).

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use sea_orm::sea_query::LikeExpr;

/// China time's offset from UTC in seconds (UTC+8, no daylight saving).
const CHINA_OFFSET_SECS: i32 = 8 * 3600;

/// China time as chrono's offset, checked when the crate is compiled (an
/// out-of-range offset fails the build, never a request).
const CHINA: FixedOffset = match FixedOffset::east_opt(CHINA_OFFSET_SECS) {
    Some(offset) => offset,
    None => panic!("UTC+8 is a valid offset"),
};

/// China time as chrono's offset.
pub fn china() -> FixedOffset {
    CHINA
}

/// The first second of day `d` in China, as an instant.
pub fn day_start_cn(d: NaiveDate) -> DateTime<Utc> {
    (d.and_time(chrono::NaiveTime::MIN) - chrono::Duration::seconds(CHINA_OFFSET_SECS.into())).and_utc()
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
    // Written field by field: chrono's `format` parses its pattern on every
    // call, and a list page shows forty of these. The date comes from the
    // day number by arithmetic (`civil_from_days`): chrono's calendar
    // fields were 4 % of the 待办事项 list's server instructions. A leap
    // second shows as :60 and a year outside 0–9999 with its sign, as
    // chrono writes them.
    let local = t.timestamp() + i64::from(CHINA_OFFSET_SECS);
    let (days, of_day) = (local.div_euclid(86_400), local.rem_euclid(86_400) as u32);
    let (year, month, day) = civil_from_days(days);
    let (hour, minute) = (of_day / 3600, of_day / 60 % 60);
    let second = of_day % 60 + t.timestamp_subsec_nanos() / 1_000_000_000;
    if !(0..=9999).contains(&year) {
        return format!("{year:+05}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}");
    }
    let year = year as u32;
    // Each pair of digits into its place: no growing string, no per-char push.
    let mut text = *b"0000-00-00 00:00:00";
    for (at, n) in [(0, year / 100), (2, year % 100), (5, month), (8, day), (11, hour), (14, minute), (17, second)] {
        text[at] = b'0' + (n / 10) as u8;
        text[at + 1] = b'0' + (n % 10) as u8;
    }
    // Always ASCII digits and separators, so always UTF-8.
    std::str::from_utf8(&text).map(str::to_owned).unwrap_or_default()
}

/// (year, month, day) of the proleptic Gregorian calendar for a count of
/// days since 1970-01-01, by Howard Hinnant's `civil_from_days`.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // day of the 400-year era
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // from 1 March
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// `bytes` in lower-case hex, as tokens, MACs and their hashes are stored.
/// Written by hand: hashing the session cookie was 3 % of the server's
/// instructions on 待办事项, two thirds of it a `format!` per byte.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
    s
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
mod tests {
    use super::*;

    #[test]
    fn hex_is_lower_case_two_digits_a_byte() {
        // Stored hashes were written with `format!("{b:02x}")`: same text.
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(hex(&all), all.iter().map(|b| format!("{b:02x}")).collect::<String>());
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        assert_eq!(hex(&[]), "");
    }

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

    #[test]
    fn cn_time_agrees_with_chrono_across_centuries() {
        // Every 7,919 minutes and 13 seconds from 1599 to 2401: each month
        // end, leap day and century rule is crossed at many times of day.
        let mut t: DateTime<Utc> = "1599-01-01T00:00:00Z".parse().unwrap();
        let end: DateTime<Utc> = "2401-03-02T00:00:00Z".parse().unwrap();
        while t < end {
            assert_eq!(cn_time(t), t.with_timezone(&china()).format("%Y-%m-%d %H:%M:%S").to_string(), "{t}");
            t += chrono::Duration::seconds(7_919 * 60 + 13);
        }
    }
}
