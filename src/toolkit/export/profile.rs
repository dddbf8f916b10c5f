//! What an export says about a user besides the password: the fields a migration carries to the
//! new platform. Each reader fills the ones its format has; `convert` maps them to the target's
//! fields by these names (`--map SOURCE=TARGET`).

use serde_json::{Map, Value};

/// A user's profile as an export gives it. Every field is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Profile {
    /// The user's id in the source system (Firebase `localId`, Keycloak `id`, Auth0 `user_id`,
    /// Django `pk`).
    pub id: Option<String>,
    /// The login name.
    pub username: Option<String>,
    /// The e-mail address.
    pub email: Option<String>,
    /// Whether the address was verified.
    pub email_verified: Option<bool>,
    /// The display or full name.
    pub name: Option<String>,
    /// The given (first) name.
    pub given_name: Option<String>,
    /// The family (last) name.
    pub family_name: Option<String>,
    /// The phone number as stored (E.164 where the source enforces it).
    pub phone: Option<String>,
    /// Whether the phone number was verified.
    pub phone_verified: Option<bool>,
    /// When the account was created, in milliseconds since the Unix epoch (UTC).
    pub created_at: Option<i64>,
}

/// A profile value: text, a flag or a time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field {
    /// Text.
    Text(String),
    /// A flag.
    Bool(bool),
    /// Milliseconds since the Unix epoch.
    Time(i64),
}

impl Profile {
    /// The field names, as `--map` takes them; `locked` is the account's flag.
    pub const FIELDS: [&'static str; 11] = [
        "id",
        "username",
        "email",
        "email_verified",
        "name",
        "given_name",
        "family_name",
        "phone",
        "phone_verified",
        "created_at",
        "locked",
    ];

    /// The field named `name` (one of [`Profile::FIELDS`] but `locked`).
    pub fn get(&self, name: &str) -> Option<Field> {
        let text = |v: &Option<String>| v.clone().map(Field::Text);
        match name {
            "id" => text(&self.id),
            "username" => text(&self.username),
            "email" => text(&self.email),
            "email_verified" => self.email_verified.map(Field::Bool),
            "name" => text(&self.name),
            "given_name" => text(&self.given_name),
            "family_name" => text(&self.family_name),
            "phone" => text(&self.phone),
            "phone_verified" => self.phone_verified.map(Field::Bool),
            "created_at" => self.created_at.map(Field::Time),
            _ => None,
        }
    }

    /// Whether no field is set.
    pub fn is_empty(&self) -> bool {
        *self == Profile::default()
    }

    /// Fill the fields named in `keys` (target field, source member names, first present wins)
    /// from a JSON object; text members that are empty are skipped.
    pub(crate) fn fill(&mut self, obj: &Map<String, Value>, keys: &[(&str, &[&str])]) {
        for &(field, members) in keys {
            let Some(v) = members.iter().find_map(|m| match obj.get(*m) {
                Some(Value::Null) | None => None,
                Some(Value::String(s)) if s.is_empty() => None,
                Some(v) => Some(v),
            }) else {
                continue;
            };
            let s = || match v {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            };
            let b = || match v {
                Value::Bool(b) => Some(*b),
                Value::String(s) => match s.as_str() {
                    "true" | "True" | "TRUE" | "1" => Some(true),
                    "false" | "False" | "FALSE" | "0" => Some(false),
                    _ => None,
                },
                _ => None,
            };
            match field {
                "id" => self.id = self.id.take().or_else(s),
                "username" => self.username = self.username.take().or_else(s),
                "email" => self.email = self.email.take().or_else(s),
                "email_verified" => self.email_verified = self.email_verified.or_else(b),
                "name" => self.name = self.name.take().or_else(s),
                "given_name" => self.given_name = self.given_name.take().or_else(s),
                "family_name" => self.family_name = self.family_name.take().or_else(s),
                "phone" => self.phone = self.phone.take().or_else(s),
                "phone_verified" => self.phone_verified = self.phone_verified.or_else(b),
                "created_at" => {
                    self.created_at = self
                        .created_at
                        .or_else(|| crate::toolkit::timestamp::parse_any(v));
                }
                _ => {}
            }
        }
    }

    /// The profile as a JSON object of the fields that are set (times as RFC 3339 text).
    pub fn to_json(&self) -> Map<String, Value> {
        Profile::FIELDS
            .iter()
            .filter_map(|&name| {
                let v = match self.get(name)? {
                    Field::Text(t) => Value::String(t),
                    Field::Bool(b) => Value::Bool(b),
                    Field::Time(t) => Value::String(crate::toolkit::timestamp::format_iso(t)),
                };
                Some((name.to_owned(), v))
            })
            .collect()
    }
}
