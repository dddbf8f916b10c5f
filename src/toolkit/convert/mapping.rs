//! Profile fields to a target's fields ("schema matching"): each target has a default map from
//! the profile field names ([`crate::toolkit::export::Profile::FIELDS`]) to paths in its user
//! record, and `--map SOURCE=TARGET` overrides one entry (`--map SOURCE=` drops the field).
//!
//! A path is dot-separated members (`user_metadata.phone`, `profile.mobilePhone`); a member
//! ending in `[]` holds a one-element list (Clerk's `email_address[]`). Times are written as the
//! target wants them (milliseconds, or RFC 3339 text); text and flags as they are.

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::toolkit::export::{Account, Field, Profile};

/// How a target writes times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Time {
    /// Milliseconds since the epoch as a JSON number.
    Millis,
    /// Milliseconds since the epoch as a decimal string (Firebase's `auth:import`).
    MillisText,
    /// RFC 3339 UTC text.
    Iso,
}

/// The fields written for one target: (profile field, target path), in order.
#[derive(Clone, Debug)]
pub(crate) struct Mapping {
    entries: Vec<(&'static str, Option<String>)>,
    time: Time,
}

impl Mapping {
    /// A target's default map.
    pub(crate) fn new(defaults: &[(&'static str, &str)], time: Time) -> Self {
        Mapping {
            entries: defaults
                .iter()
                .map(|&(f, p)| (f, Some(p.to_owned())))
                .collect(),
            time,
        }
    }

    /// Override the path of `field` (`None` drops it).
    ///
    /// # Errors
    /// [`crate::ErrorKind::Config`] for a field name that is not a profile field, or a path
    /// with an empty member.
    pub(crate) fn set(&mut self, field: &str, path: Option<&str>) -> Result<()> {
        let Some(&name) = Profile::FIELDS.iter().find(|f| **f == field) else {
            return Err(Error::config(
                "map",
                format!(
                    "{field:?} is not a profile field; expected one of {}",
                    Profile::FIELDS.join(", ")
                ),
            ));
        };
        if let Some(p) = path
            && p.split('.').any(|m| m.is_empty() || m == "[]")
        {
            return Err(Error::config("map", format!("{p:?} has an empty member")));
        }
        match self.entries.iter_mut().find(|(f, _)| *f == name) {
            Some(e) => e.1 = path.map(str::to_owned),
            None => self.entries.push((name, path.map(str::to_owned))),
        }
        Ok(())
    }

    /// The path `field` is written to, if any.
    #[cfg(test)]
    pub(crate) fn path(&self, field: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(f, _)| *f == field)
            .and_then(|(_, p)| p.as_deref())
    }

    /// Check that every path starts with one of `members` (a target whose importer refuses
    /// any other top-level member).
    ///
    /// # Errors
    /// [`crate::ErrorKind::Config`] naming the first path that does not.
    pub(crate) fn within(&self, target: &str, members: &[&str]) -> Result<()> {
        for path in self.entries.iter().filter_map(|(_, p)| p.as_deref()) {
            let top = path.split('.').next().unwrap_or_default();
            let top = top.strip_suffix("[]").unwrap_or(top);
            if !members.contains(&top) {
                return Err(Error::config(
                    "map",
                    format!(
                        "{target}'s importer refuses a user with the member {top:?}; its members are {}",
                        members.join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Write every mapped field `account` has into `record`.
    pub(crate) fn apply(&self, account: &Account, record: &mut Map<String, Value>) {
        for (field, path) in &self.entries {
            let Some(path) = path else { continue };
            let value = if *field == "locked" {
                account.locked.then_some(Value::Bool(true))
            } else {
                account.profile.get(field).map(|v| match v {
                    Field::Text(t) => Value::String(t),
                    Field::Bool(b) => Value::Bool(b),
                    Field::Time(ms) => match self.time {
                        Time::Millis => Value::from(ms),
                        Time::MillisText => Value::String(ms.to_string()),
                        Time::Iso => Value::String(crate::toolkit::timestamp::format_iso(ms)),
                    },
                })
            };
            if let Some(v) = value {
                set_path(record, path, v);
            }
        }
    }
}

/// Set the member at the dotted `path` of `obj`, creating objects on the way; a member
/// ending in `[]` holds `[value]`. A member already holding something else is replaced.
pub(crate) fn set_path(obj: &mut Map<String, Value>, path: &str, value: Value) {
    let mut cur = obj;
    let mut members = path.split('.').peekable();
    while let Some(m) = members.next() {
        if members.peek().is_none() {
            match m.strip_suffix("[]") {
                Some(list) => {
                    cur.insert(list.to_owned(), Value::Array(vec![value]));
                }
                None => {
                    cur.insert(m.to_owned(), value);
                }
            }
            return;
        }
        let slot = cur
            .entry(m.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if !slot.is_object() {
            *slot = Value::Object(Map::new());
        }
        let Value::Object(next) = slot else { return };
        cur = next;
    }
}

/// The value at the dotted `path` of `obj` (a `[]` member's first element).
pub(crate) fn get_path<'a>(obj: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    let mut cur = obj;
    let mut members = path.split('.').peekable();
    while let Some(m) = members.next() {
        let (name, list) = match m.strip_suffix("[]") {
            Some(n) => (n, true),
            None => (m, false),
        };
        let v = cur.get(name)?;
        let v = if list { v.as_array()?.first()? } else { v };
        if members.peek().is_none() {
            return Some(v);
        }
        cur = v.as_object()?;
    }
    None
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on an unexpected error"
)]
mod tests {
    use super::*;

    #[test]
    fn paths_nest_and_lists_wrap() {
        let mut m = Map::new();
        set_path(&mut m, "profile.email", Value::from("a@b"));
        set_path(&mut m, "profile.login", Value::from("a"));
        set_path(&mut m, "email_address[]", Value::from("a@b"));
        assert_eq!(
            Value::Object(m.clone()).to_string(),
            r#"{"email_address":["a@b"],"profile":{"email":"a@b","login":"a"}}"#
        );
        assert_eq!(get_path(&m, "email_address[]"), Some(&Value::from("a@b")));
        assert_eq!(get_path(&m, "profile.login"), Some(&Value::from("a")));
        assert_eq!(get_path(&m, "profile.nope"), None);
    }

    #[test]
    fn overrides_are_checked() {
        let mut map = Mapping::new(&[("email", "email")], Time::Iso);
        map.set("username", Some("nickname")).unwrap();
        map.set("email", None).unwrap();
        assert_eq!(map.path("username"), Some("nickname"));
        assert_eq!(map.path("email"), None);
        assert!(map.set("shoe_size", Some("x")).is_err());
        assert!(map.set("email", Some("a..b")).is_err());
    }

    #[test]
    fn a_closed_schema_takes_only_its_members() {
        let members = ["email", "user_metadata", "email_address"];
        let mut map = Mapping::new(&[("email", "email_address[]")], Time::Iso);
        map.set("phone", Some("user_metadata.phone")).unwrap();
        assert!(map.within("t", &members).is_ok());
        map.set("username", Some("nickname")).unwrap();
        let err = map.within("t", &members).unwrap_err().to_string();
        assert!(err.contains("\"nickname\""), "{err}");
        // A dropped field is not written, so not checked.
        map.set("username", None).unwrap();
        assert!(map.within("t", &members).is_ok());
    }
}
