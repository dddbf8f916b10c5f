//! Account creation times as exports write them and import formats want them: milliseconds
//! since the Unix epoch (Firebase, Keycloak), RFC 3339 / ISO 8601 text (Auth0, Django, Clerk,
//! Supabase) and LDAP generalized time (`createTimestamp: 20261128100000Z`). UTC throughout;
//! the civil-date arithmetic is Howard Hinnant's `days_from_civil`, exact for the proleptic
//! Gregorian calendar.

/// Days from 1970-01-01 to `y-m-d`.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `(year, month, day)` of a day count from 1970-01-01.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn digits(s: &str) -> Option<u32> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Milliseconds since the epoch of a civil UTC time, after range checks.
fn millis(y: u32, mo: u32, d: u32, h: u32, mi: u32, s: u32, ms: u32) -> Option<i64> {
    let ok = (1..=12).contains(&mo) && (1..=31).contains(&d) && h < 24 && mi < 60 && s <= 60;
    ok.then(|| {
        let days = days_from_civil(i64::from(y), mo, d);
        ((days * 24 + i64::from(h)) * 60 + i64::from(mi)) * 60_000
            + i64::from(s) * 1000
            + i64::from(ms)
    })
}

/// An RFC 3339 / ISO 8601 date-time (`2024-11-28T10:00:00.000Z`, `2024-11-28 10:00:00+01:00`,
/// a bare date), or `None`.
pub(crate) fn parse_iso(text: &str) -> Option<i64> {
    let t = text.trim();
    let date = t.get(..10)?;
    let (y, mo, d) = (
        digits(date.get(..4)?)?,
        digits(date.get(5..7)?)?,
        digits(date.get(8..10)?)?,
    );
    if date.as_bytes()[4] != b'-' || date.as_bytes()[7] != b'-' {
        return None;
    }
    let rest = &t[10..];
    if rest.is_empty() {
        return millis(y, mo, d, 0, 0, 0, 0);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (h, mi, s) = (
        digits(rest.get(..2)?)?,
        digits(rest.get(3..5)?)?,
        digits(rest.get(6..8)?)?,
    );
    let mut rest = rest.get(8..)?;
    let mut ms = 0;
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        let f = frac.get(..n)?;
        ms = digits(&format!("{:0<3}", &f[..f.len().min(3)]))?;
        rest = &frac[n..];
    }
    let offset_minutes: i64 = match rest {
        "" | "Z" | "z" => 0,
        o if o.len() == 6 && (o.starts_with('+') || o.starts_with('-')) => {
            let sign = if o.starts_with('-') { -1 } else { 1 };
            let oh = i64::from(digits(o.get(1..3)?)?);
            let om = i64::from(digits(o.get(4..6)?)?);
            sign * (oh * 60 + om)
        }
        _ => return None,
    };
    Some(millis(y, mo, d, h, mi, s, ms)? - offset_minutes * 60_000)
}

/// LDAP generalized time `YYYYMMDDHHMMSS[.fff]Z`, or `None`.
pub(crate) fn parse_generalized(text: &str) -> Option<i64> {
    let t = text.trim().strip_suffix('Z')?;
    let (main, frac) = t.split_once('.').unwrap_or((t, ""));
    if main.len() != 14 {
        return None;
    }
    let n = |a: usize, b: usize| digits(main.get(a..b)?);
    let ms = if frac.is_empty() {
        0
    } else {
        digits(&format!("{:0<3}", &frac[..frac.len().min(3)]))?
    };
    millis(
        n(0, 4)?,
        n(4, 6)?,
        n(6, 8)?,
        n(8, 10)?,
        n(10, 12)?,
        n(12, 14)?,
        ms,
    )
}

/// A creation time in any of the forms exports use: milliseconds as a number or a decimal
/// string (Firebase, Keycloak), ISO 8601 text, generalized time.
pub(crate) fn parse_any(value: &serde_json::Value) -> Option<i64> {
    match value {
        serde_json::Value::Number(n) => n.as_i64(),
        serde_json::Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse().ok()
        }
        serde_json::Value::String(s) => parse_iso(s).or_else(|| parse_generalized(s)),
        serde_json::Value::Object(o) => o.get("$date").and_then(parse_any),
        _ => None,
    }
}

/// `ms` as RFC 3339 UTC with milliseconds: `2024-11-28T10:00:00.000Z`.
pub(crate) fn format_iso(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000
    )
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on an unexpected error"
)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_forms() {
        // 1700000000000 ms is 2023-11-14T22:13:20Z.
        assert_eq!(format_iso(1_700_000_000_000), "2023-11-14T22:13:20.000Z");
        assert_eq!(
            parse_iso("2023-11-14T22:13:20.000Z"),
            Some(1_700_000_000_000)
        );
        assert_eq!(
            parse_iso("2023-11-14T23:13:20+01:00"),
            Some(1_700_000_000_000)
        );
        assert_eq!(parse_iso("2023-11-14 22:13:20.5Z"), Some(1_700_000_000_500));
        assert_eq!(parse_iso("1970-01-01"), Some(0));
        assert_eq!(
            parse_generalized("20231114221320Z"),
            Some(1_700_000_000_000)
        );
        assert_eq!(format_iso(-1), "1969-12-31T23:59:59.999Z");
        for bad in [
            "",
            "2023-13-01",
            "2023-11-14T25:00:00Z",
            "2023-11-14Tx",
            "🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
        assert_eq!(
            parse_any(&serde_json::json!({"$date": "2024-11-28T10:00:00.000Z"})),
            parse_iso("2024-11-28T10:00:00Z")
        );
        assert_eq!(
            parse_any(&serde_json::json!("1700000000000")),
            Some(1_700_000_000_000)
        );
    }
}
