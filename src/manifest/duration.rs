//! Durations in psp.toml (`turnaround`, `response_time`, `[commitments]`): `N hours`,
//! `N days`, `N business days`, `N weeks`, `N months`, singular forms too.
//!
//! A duration stands for a range of calendar time: "2 business days" from a Friday evening
//! ends Tuesday night. `min_hours` / `max_hours` give that range, so a checker can say
//! "copy promises 48 hours, the program commits to up to 96".

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DurationUnit {
    Hours,
    Days,
    BusinessDays,
    Weeks,
    Months,
}

impl DurationUnit {
    /// The unit as written, singular or plural.
    pub fn name(self, amount: u32) -> &'static str {
        let one = amount == 1;
        match self {
            DurationUnit::Hours if one => "hour",
            DurationUnit::Hours => "hours",
            DurationUnit::Days if one => "day",
            DurationUnit::Days => "days",
            DurationUnit::BusinessDays if one => "business day",
            DurationUnit::BusinessDays => "business days",
            DurationUnit::Weeks if one => "week",
            DurationUnit::Weeks => "weeks",
            DurationUnit::Months if one => "month",
            DurationUnit::Months => "months",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Duration {
    pub amount: u32,
    pub unit: DurationUnit,
}

const EXPECTED: &str =
    "expected `N hours`, `N days`, `N business days`, `N weeks` or `N months`, e.g. `2 business days`";

/// Parses `N unit`; the error says what was expected.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let text = s.trim();
    let (number, rest) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => text.split_at(i),
        None => (text, ""),
    };
    if number.is_empty() {
        return Err(format!("`{text}` does not start with a number; {EXPECTED}"));
    }
    let amount: u32 = number
        .parse()
        .map_err(|_| format!("`{number}` is too large"))?;
    // Normalize spacing and case: `2 Business  Days`, `2-business-days` read the same.
    let unit_text = rest.trim().to_ascii_lowercase().replace(['-', '_'], " ");
    let unit_text = unit_text.split_whitespace().collect::<Vec<_>>().join(" ");
    let unit = match unit_text.as_str() {
        "hour" | "hours" | "h" | "hr" | "hrs" => DurationUnit::Hours,
        "day" | "days" | "calendar day" | "calendar days" => DurationUnit::Days,
        "business day" | "business days" | "working day" | "working days" => {
            DurationUnit::BusinessDays
        }
        "week" | "weeks" => DurationUnit::Weeks,
        "month" | "months" => DurationUnit::Months,
        "" => return Err(format!("`{text}` has no unit; {EXPECTED}")),
        other => return Err(format!("`{other}` is not a unit; {EXPECTED}")),
    };
    Ok(Duration { amount, unit })
}

impl Duration {
    pub fn new(amount: u32, unit: DurationUnit) -> Self {
        Duration { amount, unit }
    }

    /// The shortest calendar time this can mean, in hours (a month is 28 days; a
    /// business day is at least a day).
    pub fn min_hours(&self) -> u32 {
        let n = self.amount;
        match self.unit {
            DurationUnit::Hours => n,
            DurationUnit::Days | DurationUnit::BusinessDays => n.saturating_mul(24),
            DurationUnit::Weeks => n.saturating_mul(7 * 24),
            DurationUnit::Months => n.saturating_mul(28 * 24),
        }
    }

    /// The longest calendar time this can mean, in hours (a month is 31 days; N business
    /// days started on a Friday evening cross a weekend per started five: N + 2⌈N/5⌉ days).
    pub fn max_hours(&self) -> u32 {
        let n = self.amount;
        match self.unit {
            DurationUnit::Hours => n,
            DurationUnit::Days => n.saturating_mul(24),
            DurationUnit::BusinessDays => n.saturating_add(2 * n.div_ceil(5)).saturating_mul(24),
            DurationUnit::Weeks => n.saturating_mul(7 * 24),
            DurationUnit::Months => n.saturating_mul(31 * 24),
        }
    }

    /// "1 business day", "48 hours".
    pub fn describe(&self) -> String {
        format!("{} {}", self.amount, self.unit.name(self.amount))
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

impl std::str::FromStr for Duration {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        parse_duration(s)
    }
}
