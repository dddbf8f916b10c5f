//! An account as the store keeps it: the legacy credential with its context, the profile the
//! export gave, and where the migration stands for it.

use hashbridge::toolkit::export::Account;
use hashbridge::{Credential, Params};
use serde_json::{Map, Value};

/// Where an account stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Not yet logged in through the service.
    Legacy,
    /// Logged in once with the right password: the platform has it now.
    Migrated,
    /// Locked in the export; never answered valid.
    Locked,
}

impl State {
    /// The name stored in the `state` column.
    pub const fn as_str(self) -> &'static str {
        match self {
            State::Legacy => "legacy",
            State::Migrated => "migrated",
            State::Locked => "locked",
        }
    }

    /// The state named `s`.
    pub fn parse(s: &str) -> Option<State> {
        match s {
            "legacy" => Some(State::Legacy),
            "migrated" => Some(State::Migrated),
            "locked" => Some(State::Locked),
            _ => None,
        }
    }
}

/// The scheme recorded for a credential no registered scheme reads.
pub const UNRECOGNISED: &str = "unrecognised";

/// A legacy credential as its columns hold it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct CredentialColumns {
    /// The hash string (an LDIF `userPassword` line already unwrapped); `None` once erased
    /// after migration.
    pub hash: Option<String>,
    /// A separately stored salt.
    pub salt: Option<Vec<u8>>,
    /// The user name the scheme mixes in, when the export gave one.
    pub cred_username: Option<String>,
    /// Out-of-band parameters as a JSON object of strings.
    pub params: Option<String>,
    /// The scheme hint the export gave.
    pub scheme_hint: Option<String>,
}

impl CredentialColumns {
    /// The columns of `cred`.
    pub fn of(cred: &Credential) -> CredentialColumns {
        let params = (!cred.params().is_empty()).then(|| {
            let m: Map<String, Value> = cred
                .params()
                .iter()
                .map(|(k, v)| (k.to_owned(), Value::String(v.to_owned())))
                .collect();
            Value::Object(m).to_string()
        });
        CredentialColumns {
            hash: Some(cred.hash().to_owned()),
            salt: cred.salt().map(<[u8]>::to_vec),
            cred_username: cred.username().map(str::to_owned),
            params,
            scheme_hint: cred.scheme().map(str::to_owned),
        }
    }

    /// The credential to verify against, `None` when it was erased. Parameters that are not a
    /// JSON object of strings are dropped (the verify then reports what it misses).
    pub fn credential(&self) -> Option<Credential> {
        let hash = self.hash.as_ref()?;
        let mut cred = Credential::new(hash.clone());
        if let Some(salt) = &self.salt {
            cred = cred.with_salt(salt.clone());
        }
        if let Some(u) = &self.cred_username {
            cred = cred.with_username(u.clone());
        }
        if let Some(Ok(Value::Object(m))) = self.params.as_deref().map(serde_json::from_str) {
            let params: Params = m
                .into_iter()
                .filter_map(|(k, v)| match v {
                    Value::String(s) => Some((k, s)),
                    _ => None,
                })
                .collect();
            cred = cred.with_params(params);
        }
        if let Some(s) = &self.scheme_hint {
            cred = cred.with_scheme(s.clone());
        }
        Some(cred)
    }
}

impl std::fmt::Debug for CredentialColumns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The hash is offline-crackable: show its presence only.
        f.debug_struct("CredentialColumns")
            .field("has_hash", &self.hash.is_some())
            .field("scheme_hint", &self.scheme_hint)
            .finish_non_exhaustive()
    }
}

/// An account read from an export, ready to be written.
#[derive(Clone, Debug)]
pub struct NewAccount {
    /// The login name (unique).
    pub username: String,
    /// The e-mail address, lower case: the export's, or the user name when it is one.
    pub email: Option<String>,
    /// The credential.
    pub credential: CredentialColumns,
    /// The scheme identified at import, or [`UNRECOGNISED`].
    pub scheme: String,
    /// Profile fields as a JSON object.
    pub profile: String,
    /// Locked in the export.
    pub locked: bool,
}

impl NewAccount {
    /// The state a fresh import gives the account.
    pub fn state(&self) -> State {
        if self.locked {
            State::Locked
        } else {
            State::Legacy
        }
    }

    /// The account `a` of an export with the credential `cred` (already unwrapped), whose
    /// scheme was identified as `scheme`; `None` when the export gives no user name.
    pub fn from_export(
        a: &Account,
        cred: &Credential,
        scheme: String,
        source: &str,
    ) -> Option<NewAccount> {
        let username = a.user.clone().filter(|u| !u.trim().is_empty())?;
        // The export's e-mail field, or the user name when it is an address.
        let email = a
            .profile
            .email
            .as_deref()
            .filter(|e| looks_like_email(e))
            .or_else(|| looks_like_email(&username).then_some(username.as_str()))
            .map(str::to_lowercase);
        // What the export says of the user (id, names, phone, verified flags, creation time),
        // keyed by the toolkit's profile field names; `username` is the name the store knows
        // the account by.
        let mut profile = a.profile.to_json();
        profile.insert("username".into(), Value::String(username.clone()));
        if let Some(e) = &email {
            profile.insert("email".into(), Value::String(e.clone()));
        }
        profile.insert("source".into(), Value::String(source.to_owned()));
        Some(NewAccount {
            email,
            credential: CredentialColumns::of(cred),
            scheme,
            profile: Value::Object(profile).to_string(),
            locked: a.locked,
            username,
        })
    }
}

/// Whether `s` reads as an e-mail address: one `@` with text on both sides and a dot after it.
fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// An account read back from the store.
#[derive(Clone, Debug)]
pub struct StoredAccount {
    /// Row id.
    pub id: i64,
    /// The login name.
    pub username: String,
    /// The e-mail address.
    pub email: Option<String>,
    /// The credential; its hash is `None` once erased.
    pub credential: CredentialColumns,
    /// The scheme identified at import.
    pub scheme: String,
    /// Profile fields as a JSON object.
    pub profile: String,
    /// Where the account stands.
    pub state: State,
}

impl StoredAccount {
    /// The profile as a JSON value, with the account's user name and e-mail address.
    pub fn profile_json(&self) -> Value {
        let mut m = match serde_json::from_str(&self.profile) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        };
        m.insert("username".into(), Value::String(self.username.clone()));
        if let Some(e) = &self.email {
            m.insert("email".into(), Value::String(e.clone()));
        }
        Value::Object(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses() {
        for yes in ["a@b.co", "Isaac.Brock@Example.com"] {
            assert!(looks_like_email(yes), "{yes}");
        }
        for no in [
            "alice", "a@b", "@b.co", "a@.co", "a@b.", "a b@c.d", "a@b@c.d",
        ] {
            assert!(!looks_like_email(no), "{no}");
        }
    }
}
