//! Civil calendar dates: parsing `YYYY-MM-DD` strictly and counting days and years between them.
//!
//! The engine needs nothing more than this, so it carries no date crate and reads no clock: the
//! as-of date always arrives as an input.

use std::fmt;

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    pub const UNIX_EPOCH: Date = Date {
        year: 1970,
        month: 1,
        day: 1,
    };

    /// Builds a date, or `None` when the day does not exist (2026-02-30).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        (day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }

    /// Parses exactly `YYYY-MM-DD`; anything else (or a day that does not exist) is `None`.
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        };
        let year = i32::try_from(digits(0..4)?).ok()?;
        let month = u8::try_from(digits(5..7)?).ok()?;
        let day = u8::try_from(digits(8..10)?).ok()?;
        Date::new(year, month, day)
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01 (Howard Hinnant's `civil_from_days`), or `None`
    /// outside years 1 to 9999.
    pub fn from_days(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(
            i32::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.to_days() - self.to_days()
    }

    /// The same day `months` calendar months earlier; where that month is shorter, its last
    /// day (2026-08-31 less 6 months is 2026-02-28). `None` before year 1.
    pub fn months_before(self, months: u32) -> Option<Date> {
        let total = i64::from(self.year) * 12 + i64::from(self.month) - 1 - i64::from(months);
        let year = i32::try_from(total.div_euclid(12)).ok()?;
        let month = u8::try_from(total.rem_euclid(12) + 1).ok()?;
        if year < 1 {
            return None;
        }
        Date::new(year, month, self.day.min(days_in_month(year, month)))
    }

    /// Completed calendar months from `self` to `later` (negative when `later` is earlier): a
    /// month is complete on the same day of a later month, and where that month is shorter, on
    /// its last day would not do: 2026-01-31 to 2026-02-28 is 0 months, to 2026-03-01 is 1.
    /// This is the rule of [`Date::months_before`] read forwards: `self` is at least `n` months
    /// before `later` exactly when `self <= later.months_before(n)`.
    pub fn months_until(self, later: Date) -> i64 {
        let months =
            (i64::from(later.year) * 12 + i64::from(later.month)) - (i64::from(self.year) * 12 + i64::from(self.month));
        if later.day < self.day {
            months - 1
        } else {
            months
        }
    }

    /// Completed years from `self` to `later`, as an age is counted.
    pub fn years_until(self, later: Date) -> i64 {
        let mut years = i64::from(later.year) - i64::from(self.year);
        if (later.month, later.day) < (self.month, self.day) {
            years -= 1;
        }
        years
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A policy's version date: a full date, or a month where the document gives only a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicyDate {
    pub year: i32,
    pub month: u8,
    pub day: Option<u8>,
}

impl PolicyDate {
    pub fn parse(text: &str) -> Option<PolicyDate> {
        if let Some(date) = Date::parse(text) {
            return Some(PolicyDate {
                year: date.year,
                month: date.month,
                day: Some(date.day),
            });
        }
        let date = Date::parse(&format!("{text}-01"))?;
        Some(PolicyDate {
            year: date.year,
            month: date.month,
            day: None,
        })
    }

    /// The earliest day the text can mean (the first of the month when only a month is given).
    pub fn first_day(self) -> Date {
        Date::new(self.year, self.month, self.day.unwrap_or(1)).unwrap_or(Date {
            year: self.year,
            month: self.month,
            day: 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_real_dates() {
        assert_eq!(
            Date::parse("2024-02-29").map(|d| d.to_string()),
            Some("2024-02-29".into())
        );
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "26-01-01",
            "2026-1-01",
            "2026-01-01T00",
            "２０２６-01-01",
            "",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn counts_calendar_months_back() {
        let d = |t: &str| Date::parse(t).unwrap();
        assert_eq!(d("2026-11-22").months_before(6), Some(d("2026-05-22")));
        assert_eq!(d("2026-08-31").months_before(6), Some(d("2026-02-28")));
        assert_eq!(d("2028-08-31").months_before(6), Some(d("2028-02-29")));
        assert_eq!(d("2026-03-31").months_before(1), Some(d("2026-02-28")));
        assert_eq!(d("2026-01-15").months_before(13), Some(d("2024-12-15")));
        assert_eq!(d("0001-03-01").months_before(3), None);
    }

    #[test]
    fn counts_calendar_months_forward() {
        let d = |t: &str| Date::parse(t).unwrap();
        // The example: 1 February to 1 May is three months, though only 89 days.
        assert_eq!(d("2026-02-01").months_until(d("2026-05-01")), 3);
        assert_eq!(d("2026-02-01").days_until(d("2026-05-01")), 89);
        assert_eq!(d("2026-02-02").months_until(d("2026-05-01")), 2);
        assert_eq!(d("2026-01-31").months_until(d("2026-02-28")), 0);
        assert_eq!(d("2026-01-31").months_until(d("2026-03-01")), 1);
        assert_eq!(d("2026-05-01").months_until(d("2026-02-01")), -3);
        // The same rule as `months_before`, read forwards, on every pair of days of two years.
        let start = d("2027-01-01").to_days();
        for a in (start..start + 730).step_by(7) {
            for b in (a..a + 400).step_by(3) {
                let (a, b) = (Date::from_days(a).unwrap(), Date::from_days(b).unwrap());
                let n = a.months_until(b);
                assert!(n >= 0);
                let n = n as u32;
                assert!(a <= b.months_before(n).unwrap(), "{a} {b} {n}");
                assert!(a > b.months_before(n + 1).unwrap(), "{a} {b} {n}");
            }
        }
    }

    #[test]
    fn counts_days_and_years() {
        let a = Date::parse("2026-01-01").unwrap();
        let b = Date::parse("2026-03-01").unwrap();
        assert_eq!(a.days_until(b), 59);
        assert_eq!(b.days_until(a), -59);
        assert_eq!(Date::parse("1970-01-01").unwrap().to_days(), 0);
        for text in [
            "1970-01-01",
            "2000-02-29",
            "2026-11-22",
            "1900-03-01",
            "0001-01-01",
            "9999-12-31",
        ] {
            let d = Date::parse(text).unwrap();
            assert_eq!(Date::from_days(d.to_days()), Some(d), "{text}");
        }
        let born = Date::parse("2008-11-23").unwrap();
        assert_eq!(born.years_until(Date::parse("2026-11-22").unwrap()), 17);
        assert_eq!(born.years_until(Date::parse("2026-11-23").unwrap()), 18);
    }

    #[test]
    fn policy_dates_may_be_months() {
        let month = PolicyDate::parse("2026-05").unwrap();
        assert_eq!(month.day, None);
        assert_eq!(month.first_day().to_string(), "2026-05-01");
        assert!(PolicyDate::parse("2026-5").is_none());
    }
}
