//! Calendar dates as staff write them (`2026-05-20`, optionally `2026-05-20 09:30`), validated.

use std::fmt;

/// A calendar date with an optional time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year (1900–2999).
    pub year: i32,
    /// Month 1–12.
    pub month: u8,
    /// Day 1–31, valid for the month.
    pub day: u8,
    /// Hour and minute, if given.
    pub time: Option<(u8, u8)>,
}

/// China Standard Time is UTC+8 all year (no daylight saving): every "today" and clock time
/// tongxin shows is in it.
pub const CHINA_UTC_OFFSET_SECS: i64 = 8 * 3600;

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days in month `m` (1–12) of year `y` (proleptic Gregorian), 0 for an invalid month: the
/// one calendar rule of the model's dates and the lints' dates and ID numbers. Wide types, so
/// every caller's numbers convert without loss.
pub fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// Makes a date if it is on the calendar.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1900..=2999).contains(&year)
            || day == 0
            || u32::from(day) > days_in_month(i64::from(year), u32::from(month))
        {
            return None;
        }
        Some(Date {
            year,
            month,
            day,
            time: None,
        })
    }

    /// Parses `YYYY-MM-DD`, `YYYY-M-D`, `YYYY/MM/DD` or `YYYY-MM-DD HH:MM` (also with `T`).
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let (date_part, time_part) = match s.find([' ', 'T']) {
            Some(i) => (&s[..i], Some(s[i + 1..].trim())),
            None => (s, None),
        };
        let mut it = date_part.split(['-', '/']);
        let y: i32 = num(it.next()?, 4, 4)?;
        let m: u8 = num(it.next()?, 1, 2)?;
        let d: u8 = num(it.next()?, 1, 2)?;
        if it.next().is_some() {
            return None;
        }
        let mut date = Date::new(y, m, d)?;
        if let Some(t) = time_part {
            let mut it = t.split(':');
            let h: u8 = num(it.next()?, 1, 2)?;
            let mi: u8 = num(it.next()?, 2, 2)?;
            // Seconds are accepted and dropped; more is not a time.
            if let Some(sec) = it.next() {
                num::<u8>(sec, 2, 2).filter(|&s| s < 60)?;
            }
            if it.next().is_some() || h > 23 || mi > 59 {
                return None;
            }
            date.time = Some((h, mi));
        }
        Some(date)
    }

    /// `2026-05-20`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `2026-05-20 09:30`, or `2026-05-20` when no time was written (none is invented), for
    /// the PubDate meta tag.
    pub fn iso_minutes(&self) -> String {
        match self.time {
            Some((h, m)) => format!("{} {:02}:{:02}", self.iso(), h, m),
            None => self.iso(),
        }
    }

    /// `2026年5月20日`: the official form, no leading zeros (GB/T 9704).
    pub fn chinese(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }

    /// RFC 3339 with China Standard Time, for sitemaps.
    pub fn rfc3339(&self) -> String {
        let (h, m) = self.time.unwrap_or((0, 0));
        format!("{}T{:02}:{:02}:00+08:00", self.iso(), h, m)
    }

    /// RFC 2822 with China Standard Time, for RSS.
    pub fn rfc2822(&self) -> String {
        const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let (h, m) = self.time.unwrap_or((0, 0));
        let wd = DAYS[self.weekday_from_monday() as usize];
        let mon = MONTHS[(self.month as usize).saturating_sub(1).min(11)];
        format!(
            "{wd}, {:02} {mon} {:04} {:02}:{:02}:00 +0800",
            self.day, self.year, h, m
        )
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    pub fn days_since_epoch(&self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday_from_monday(&self) -> u8 {
        // 1970-01-01 was a Thursday (3).
        ((self.days_since_epoch() + 3).rem_euclid(7)) as u8
    }

    /// Today's date in China Standard Time, from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
            + CHINA_UTC_OFFSET_SECS;
        Date::from_days(secs.div_euclid(86_400))
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
        Date {
            year: y,
            month: m,
            day: d,
            time: None,
        }
    }
}

fn num<T: std::str::FromStr>(s: &str, min_len: usize, max_len: usize) -> Option<T> {
    if s.len() < min_len || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_validates() {
        assert_eq!(
            Date::parse("2026-05-20").unwrap().chinese(),
            "2026年5月20日"
        );
        assert_eq!(Date::parse("2026-5-8").unwrap().iso(), "2026-05-08");
        assert_eq!(Date::parse("2026-05-20 09:30").unwrap().time, Some((9, 30)));
        assert!(Date::parse("2024-02-29").is_some());
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-04-31",
            "2026-00-10",
            "26-05-20",
            "2026-05-20 25:00",
            "昨天",
            "",
        ] {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn weekday_and_roundtrip() {
        let d = Date::parse("2026-05-20").unwrap();
        assert_eq!(d.rfc2822(), "Wed, 20 May 2026 00:00:00 +0800");
        assert_eq!(
            Date::from_days(d.days_since_epoch()),
            Date { time: None, ..d }
        );
        assert_eq!(Date::parse("2000-03-01").unwrap().weekday_from_monday(), 2);
    }
}
