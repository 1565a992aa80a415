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

    /// The date `days` after 1970-01-01: the inverse of `days`.
    pub fn from_days(days: i64) -> Ymd {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = (yoe + era * 400 + if m <= 2 { 1 } else { 0 }) as i32;
        Ymd { y, m, d }
    }

    pub fn add_days(self, n: i64) -> Ymd {
        Ymd::from_days(self.days() + n)
    }

    /// Monday = 0 .. Sunday = 6.
    pub fn weekday(self) -> i64 {
        // 1970-01-01 was a Thursday.
        (self.days() + 3).rem_euclid(7)
    }

    /// The date a record column holds: ISO (with or without a time), or US month/day/year.
    pub fn parse_record_date(text: &str) -> Option<Ymd> {
        let t = text.trim();
        let b = t.as_bytes();
        if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
            // `get`: the day's bytes may cut a character ("2026-03-\u{e9}"), which is no date.
            return Ymd::new(t.get(0..4)?.parse().ok()?, t.get(5..7)?.parse().ok()?, t.get(8..10)?.parse().ok()?);
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

/// The date a date fact points at, read against the case's date: the best guess and the range of
/// days the words allow ("last Tuesday" said on a Thursday may mean two or nine days before).
/// Checks compare a record against the whole range, so a vague phrase is never called wrong for
/// the precision it never had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved {
    pub day: Ymd,
    pub lo: Ymd,
    pub hi: Ymd,
    /// The words look ahead ("next Friday"): a plan or a promise, never an event that happened.
    pub future: bool,
}

impl Resolved {
    fn exact(day: Ymd) -> Resolved {
        Resolved { day, lo: day, hi: day, future: false }
    }

    fn range(day: Ymd, lo: Ymd, hi: Ymd) -> Resolved {
        Resolved { day, lo, hi, future: false }
    }

    pub fn contains(&self, d: Ymd) -> bool {
        self.lo <= d && d <= self.hi
    }

    /// As shown in reports: one day, a month (`2026-02`), a year, or an ISO 8601 interval.
    pub fn text(&self) -> String {
        if self.lo == self.hi {
            return self.lo.to_string();
        }
        let whole_month = self.lo.d == 1 && self.hi.y == self.lo.y && self.hi.m == self.lo.m;
        let whole_month = whole_month && self.hi.d == days_in_month(self.hi.y, self.hi.m);
        if whole_month {
            return format!("{:04}-{:02}", self.lo.y, self.lo.m);
        }
        if (self.lo.m, self.lo.d, self.hi.m, self.hi.d) == (1, 1, 12, 31) && self.lo.y == self.hi.y {
            return format!("{:04}", self.lo.y);
        }
        format!("{}/{}", self.lo, self.hi)
    }
}

const WEEKDAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Monday = 0 .. Sunday = 6, from a weekday name or abbreviation ("tues", "Thursday").
pub fn weekday_number(name: &str) -> Option<i64> {
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    // Whole names and the usual abbreviations only: "month" is not a Monday.
    const LONG: &[&str] = &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    const ABBREV: &[&str] = &["tues", "thur", "thurs"];
    let i = WEEKDAYS.iter().position(|w| lower.starts_with(w))?;
    (lower == WEEKDAYS[i] || lower == LONG[i] || ABBREV.contains(&lower.as_str())).then_some(i as i64)
}

/// Reads a date fact's value (as the facts step normalised it) against the case's date.
/// Unknown (redacted) dates and words without a date in them give None.
pub fn resolve(value: &str, case: Ymd) -> Option<Resolved> {
    if let Some(words) = value.strip_prefix("relative: ") {
        return resolve_relative(words, case);
    }
    let parts: Vec<&str> = value.split('-').collect();
    match parts.as_slice() {
        [y, m, d] if *y == "XXXX" => {
            let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
            // A day and month without a year: the latest such day not more than a month after
            // the case, since complaints are about the recent past.
            let this_year = Ymd::new(case.y, m, d);
            let day = match this_year {
                Some(x) if x.days() <= case.days() + 31 => x,
                _ => Ymd::new(case.y - 1, m, d)?,
            };
            Some(Resolved::exact(day))
        }
        [y, m, d] if *m == "XX" && *d == "XX" => year_range(y.parse().ok()?),
        [y, m, d] => Some(Resolved::exact(Ymd::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?)),
        [y, m] => month_range(y.parse().ok()?, m.parse().ok()?),
        [y] => year_range(y.parse().ok()?),
        _ => None,
    }
}

fn year_range(y: i32) -> Option<Resolved> {
    let (lo, hi) = (Ymd::new(y, 1, 1)?, Ymd::new(y, 12, 31)?);
    Some(Resolved::range(lo, lo, hi))
}

fn month_range(y: i32, m: u32) -> Option<Resolved> {
    let lo = Ymd::new(y, m, 1)?;
    Some(Resolved::range(lo, lo, Ymd::new(y, m, days_in_month(y, m))?))
}

fn shift_months(d: Ymd, months: i64) -> Option<Ymd> {
    let index = d.y as i64 * 12 + (d.m as i64 - 1) + months;
    let (y, m) = (index.div_euclid(12) as i32, index.rem_euclid(12) as u32 + 1);
    Ymd::new(y, m, d.d.min(days_in_month(y, m)))
}

fn resolve_relative(words: &str, case: Ymd) -> Option<Resolved> {
    let at = |n: i64| case.add_days(n);
    let w: Vec<&str> = words.split_whitespace().collect();
    let fixed = match words {
        "today" | "tonight" | "this morning" | "this afternoon" => Some(Resolved::exact(case)),
        "yesterday" | "last night" => Some(Resolved::exact(at(-1))),
        "the day before yesterday" => Some(Resolved::exact(at(-2))),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    match w.as_slice() {
        ["on", "the", nth] => {
            let d = super::number::ordinal(nth)?;
            let this_month = Ymd::new(case.y, case.m, d).filter(|x| *x <= case);
            let day = match this_month {
                Some(x) => x,
                None => {
                    let prev = shift_months(Ymd::new(case.y, case.m, 1)?, -1)?;
                    Ymd::new(prev.y, prev.m, d)?
                }
            };
            Some(Resolved::exact(day))
        }
        [n, unit, "ago"] => {
            let n = super::number::cardinal(n)? as i64;
            let unit = unit.trim_end_matches('s');
            let (day, slack) = match unit {
                "day" => (at(-n), if n > 2 { 1 } else { 0 }),
                "week" => (at(-7 * n), 3 + n),
                "month" => (shift_months(case, -n)?, 15),
                "year" => (shift_months(case, -12 * n)?, 183),
                _ => return None,
            };
            Some(Resolved::range(day, day.add_days(-slack), day.add_days(slack).min(case)))
        }
        [which, what] => {
            let (which, what) = (*which, *what);
            if let Some(wd) = weekday_number(what) {
                // The latest such weekday on or before the case's date.
                let back = (case.weekday() - wd).rem_euclid(7);
                let latest = at(-back);
                return Some(match which {
                    "next" => {
                        let ahead = (wd - case.weekday()).rem_euclid(7);
                        let d = at(if ahead == 0 { 7 } else { ahead });
                        Resolved { day: d, lo: d, hi: d.add_days(7), future: true }
                    }
                    "this" if latest < case => {
                        Resolved { day: at(7 - back), lo: latest, hi: at(7 - back), future: false }
                    }
                    // "last Tuesday" on a Thursday: two days ago, or the week before.
                    "last" => {
                        let d = if back == 0 { at(-7) } else { latest };
                        Resolved::range(d, d.add_days(-7), d)
                    }
                    _ => Resolved::exact(latest),
                });
            }
            let monday = at(-case.weekday());
            match (which, what) {
                ("last", "week") => {
                    Some(Resolved::range(monday.add_days(-7), monday.add_days(-7), monday.add_days(-1)))
                }
                ("this", "week") => Some(Resolved::range(monday, monday, case)),
                ("past", "week") => Some(Resolved::range(at(-7), at(-7), case)),
                ("last" | "past", "weekend") => {
                    let sunday = at(-((case.weekday() - 6).rem_euclid(7)).max(1));
                    let sunday = if sunday >= case { sunday.add_days(-7) } else { sunday };
                    Some(Resolved::range(sunday.add_days(-1), sunday.add_days(-1), sunday))
                }
                ("last", "month") => {
                    let prev = shift_months(Ymd::new(case.y, case.m, 1)?, -1)?;
                    month_range(prev.y, prev.m)
                }
                ("this", "month") => {
                    Some(Resolved::range(Ymd::new(case.y, case.m, 1)?, Ymd::new(case.y, case.m, 1)?, case))
                }
                ("past", "month") => Some(Resolved::range(shift_months(case, -1)?, shift_months(case, -1)?, case)),
                ("last", "year") => year_range(case.y - 1),
                ("this", "year") => Some(Resolved::range(Ymd::new(case.y, 1, 1)?, Ymd::new(case.y, 1, 1)?, case)),
                ("past", "year") => Some(Resolved::range(shift_months(case, -12)?, shift_months(case, -12)?, case)),
                ("next", "week") => {
                    let d = monday.add_days(7);
                    Some(Resolved { day: d, lo: d, hi: d.add_days(6), future: true })
                }
                ("next", "weekend") => {
                    let d = monday.add_days(12);
                    Some(Resolved { day: d, lo: d, hi: d.add_days(1), future: true })
                }
                ("next", "month") => {
                    let next = shift_months(Ymd::new(case.y, case.m, 1)?, 1)?;
                    month_range(next.y, next.m).map(|r| Resolved { future: true, ..r })
                }
                ("next", "year") => year_range(case.y + 1).map(|r| Resolved { future: true, ..r }),
                _ => None,
            }
        }
        _ => None,
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
        // A character cut by the day's place is no date, never a panic (found by fuzzing).
        for text in
            ["2026-03-\u{e9}dd", "2026-03-1\u{e9}", "2026-0\u{e9}-14", "\u{e9}026-03-14", "2026-03-\u{fffd}dd@r05"]
        {
            assert_eq!(Ymd::parse_record_date(text), None, "{text}");
        }
    }

    fn ymd(s: &str) -> Ymd {
        Ymd::parse_record_date(s).unwrap()
    }

    fn resolved(value: &str, case: &str) -> String {
        resolve(value, ymd(case)).map(|r| r.text()).unwrap_or_else(|| "-".into())
    }

    #[test]
    fn day_arithmetic_round_trips() {
        for d in [-800_000i64, -1, 0, 59, 10_000, 20_527, 2_000_000] {
            assert_eq!(Ymd::from_days(d).days(), d);
        }
        assert_eq!(ymd("2026-03-14").weekday(), 5, "a Saturday");
        assert_eq!(ymd("2026-03-14").add_days(-14), ymd("2026-02-28"));
    }

    #[test]
    fn relative_dates_are_read_against_the_case_date() {
        // 2026-03-12 is a Thursday.
        let case = "2026-03-12";
        assert_eq!(resolved("relative: yesterday", case), "2026-03-11");
        assert_eq!(resolved("relative: the day before yesterday", case), "2026-03-10");
        assert_eq!(resolved("relative: on tuesday", case), "2026-03-10");
        assert_eq!(resolved("relative: last tuesday", case), "2026-03-03/2026-03-10");
        assert_eq!(resolved("relative: last thursday", case), "2026-02-26/2026-03-05");
        assert_eq!(resolved("relative: three weeks ago", case), "2026-02-13/2026-02-25");
        assert_eq!(resolved("relative: 10 days ago", case), "2026-03-01/2026-03-03");
        assert_eq!(resolved("relative: 2 days ago", case), "2026-03-10");
        assert_eq!(resolved("relative: last month", case), "2026-02");
        assert_eq!(resolved("relative: last year", case), "2025");
        assert_eq!(resolved("relative: last week", case), "2026-03-02/2026-03-08");
        assert_eq!(resolved("relative: on the 3rd", case), "2026-03-03");
        assert_eq!(resolved("relative: on the 20th", case), "2026-02-20");
        assert!(resolve("relative: next friday", ymd(case)).unwrap().future);
        assert_eq!(resolved("relative: next week", case), "2026-03-16/2026-03-22");
        assert_eq!(resolved("relative: next month", case), "2026-04");
        assert_eq!(weekday_number("month"), None);
        assert_eq!(weekday_number("Tues"), Some(1));
    }

    #[test]
    fn partial_dates_take_the_year_that_makes_them_recent() {
        assert_eq!(resolved("XXXX-03-03", "2026-03-12"), "2026-03-03");
        assert_eq!(resolved("XXXX-12-20", "2026-01-05"), "2025-12-20");
        assert_eq!(resolved("XXXX-03-20", "2026-03-12"), "2026-03-20", "a week ahead stays in the year");
        assert_eq!(resolved("2019-XX-XX", "2026-03-12"), "2019");
        assert_eq!(resolved("2026-02", "2026-03-12"), "2026-02");
        assert_eq!(resolved("unknown", "2026-03-12"), "-", "a redacted date has no value");
        assert_eq!(resolved("2026-02-27", "2026-03-12"), "2026-02-27");
    }

    #[test]
    fn month_names() {
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("march"), Some(3));
        assert_eq!(month_number("ma"), None);
    }
}
