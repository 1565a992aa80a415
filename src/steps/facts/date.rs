//! Calendar dates as the facts step needs them: parsed from records and text, compared, and
//! printed as ISO 8601. A day count from the civil calendar is all the arithmetic required.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ymd {
    pub y: i32,
    pub m: u32,
    pub d: u32,
}

const MONTHS: &[&str] = &["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// The month number of a month name or its abbreviation ("Sept", "march").
pub fn month_number(name: &str) -> Option<u32> {
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    if lower.len() < 3 {
        return None;
    }
    MONTHS.iter().position(|m| lower.starts_with(m)).map(|i| i as u32 + 1)
}

impl Ymd {
    pub fn new(y: i32, m: u32, d: u32) -> Option<Ymd> {
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return None;
        }
        Some(Ymd { y, m, d })
    }

    /// Days since 1970-01-01 (negative before), for differences and weekdays.
    pub fn days(self) -> i64 {
        let (y, m, d) = (self.y as i64, self.m as i64, self.d as i64);
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date a record column holds: ISO (with or without a time), or US month/day/year.
    pub fn parse_record_date(text: &str) -> Option<Ymd> {
        let t = text.trim();
        let b = t.as_bytes();
        if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
            return Ymd::new(t[0..4].parse().ok()?, t[5..7].parse().ok()?, t[8..10].parse().ok()?);
        }
        let head = t.split([' ', 'T']).next()?;
        let parts: Vec<&str> = head.split('/').collect();
        if parts.len() == 3 {
            let y: i32 = parts[2].parse().ok()?;
            let y = if parts[2].len() == 2 { 2000 + y } else { y };
            return Ymd::new(y, parts[0].parse().ok()?, parts[1].parse().ok()?);
        }
        None
    }
}

pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Ymd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_counts() {
        assert_eq!(Ymd::new(1970, 1, 1).unwrap().days(), 0);
        assert_eq!(Ymd::new(2000, 3, 1).unwrap().days() - Ymd::new(2000, 2, 28).unwrap().days(), 2);
        assert_eq!(Ymd::new(2026, 3, 14).unwrap().days() - Ymd::new(2026, 3, 3).unwrap().days(), 11);
    }

    #[test]
    fn record_dates() {
        assert_eq!(Ymd::parse_record_date("2026-03-14T10:00:00Z"), Ymd::new(2026, 3, 14));
        assert_eq!(Ymd::parse_record_date("03/14/2026"), Ymd::new(2026, 3, 14));
        assert_eq!(Ymd::parse_record_date("2/30/2026"), None);
        assert_eq!(Ymd::parse_record_date("soon"), None);
    }

    #[test]
    fn month_names() {
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("march"), Some(3));
        assert_eq!(month_number("ma"), None);
    }
}
