//! What the old system stored for one user.

use std::collections::BTreeMap;
use std::fmt;

use crate::error::{Error, Result};

/// Scheme parameters stored outside the hash string (Firebase's signer key, a salted digest's
/// salt position, an htdigest realm, ...). Values are kept as text; numbers arrive as their
/// decimal form and are parsed (and bounded) by the scheme that reads them.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Params(BTreeMap<String, String>);

impl Params {
    /// No parameters.
    pub fn new() -> Self {
        Self::default()
    }

    /// Set `key` to `value`.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.0.insert(key.into(), value.into());
    }

    /// The value of `key`, if set.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// Whether no parameters are set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every parameter, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The value of `key`, or a `missing_context` error naming `params.<key>`.
    ///
    /// # Errors
    /// [`crate::ErrorKind::MissingContext`] when `key` is not set.
    pub fn require(&self, scheme: &'static str, key: &str) -> Result<&str> {
        self.get(key)
            .ok_or_else(|| Error::missing(scheme, format!("params.{key}")))
    }

    /// `key` as a decimal integer, `None` when unset; a malformed error when it is not a number.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Malformed`] when the value is not a decimal number that fits 64 bits.
    pub fn u64(&self, scheme: &'static str, key: &'static str) -> Result<Option<u64>> {
        self.get(key)
            .map(|v| crate::primitives::number::decimal(scheme, key, v))
            .transpose()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Params {
    fn from_iter<T: IntoIterator<Item = (K, V)>>(iter: T) -> Self {
        Params(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

impl fmt::Debug for Params {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Values may be keys (Firebase's signer key); show the names only.
        f.debug_set().entries(self.0.keys()).finish()
    }
}

/// A stored credential: the hash string plus whatever context the old system kept beside it.
///
/// Most formats carry everything in the string (`$6$rounds=5000$salt$digest`). Some need more:
/// a salt column (`salted_sha256`, vBulletin, ASP.NET membership), the user name (PostgreSQL md5,
/// Oracle 10g, MS-Cache), project parameters (Firebase scrypt), or a scheme hint because the
/// string alone cannot say what it is (a bare 32-digit hex string is MD5, MD4, NT or LM).
///
/// ```
/// use hashbridge::Credential;
/// let cred = Credential::new("5bb7456f43e3610363f68ad6de82b8b96f3fc9ad24e9d1f1f8d8bd89638db7c0")
///     .with_scheme("salted_sha256")
///     .with_salt(b"12480864321".to_vec())
///     .with_param("salt_position", "suffix");
/// assert_eq!(cred.scheme(), Some("salted_sha256"));
/// ```
#[derive(Clone, Default)]
pub struct Credential {
    hash: String,
    salt: Option<Vec<u8>>,
    username: Option<String>,
    params: Params,
    scheme: Option<String>,
}

impl Credential {
    /// A credential holding just the stored hash string.
    pub fn new(hash: impl Into<String>) -> Self {
        Credential {
            hash: hash.into(),
            ..Self::default()
        }
    }

    /// Attach a separately stored salt (raw bytes, already decoded from the column's encoding).
    pub fn with_salt(mut self, salt: impl Into<Vec<u8>>) -> Self {
        self.salt = Some(salt.into());
        self
    }

    /// Attach the user name the scheme mixes in.
    pub fn with_username(mut self, username: impl Into<String>) -> Self {
        self.username = Some(username.into());
        self
    }

    /// Replace all parameters.
    pub fn with_params(mut self, params: Params) -> Self {
        self.params = params;
        self
    }

    /// Set one parameter.
    pub fn with_param(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.insert(key, value);
        self
    }

    /// Name the scheme outright instead of identifying it from the string.
    pub fn with_scheme(mut self, scheme: impl Into<String>) -> Self {
        self.scheme = Some(scheme.into());
        self
    }

    /// The stored hash string.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// The separate salt, if any.
    pub fn salt(&self) -> Option<&[u8]> {
        self.salt.as_deref()
    }

    /// The user name, if any.
    pub fn username(&self) -> Option<&str> {
        self.username.as_deref()
    }

    /// The out-of-band parameters.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// The scheme hint, if any.
    pub fn scheme(&self) -> Option<&str> {
        self.scheme.as_deref()
    }

    /// The separate salt, or a `missing_context` error for `scheme`.
    ///
    /// # Errors
    /// [`crate::ErrorKind::MissingContext`] naming `salt` when none is attached.
    pub fn require_salt(&self, scheme: &'static str) -> Result<&[u8]> {
        self.salt().ok_or_else(|| Error::missing(scheme, "salt"))
    }

    /// The user name, or a `missing_context` error for `scheme`.
    ///
    /// # Errors
    /// [`crate::ErrorKind::MissingContext`] naming `username` when none is attached.
    pub fn require_username(&self, scheme: &'static str) -> Result<&str> {
        self.username()
            .ok_or_else(|| Error::missing(scheme, "username"))
    }

    /// The same context around another hash string: wrapper formats (`{CRYPT}`, Django's
    /// `bcrypt$`, Spring's `{id}`) hand their inner string to the inner scheme this way.
    pub fn with_hash(&self, hash: impl Into<String>) -> Self {
        Credential {
            hash: hash.into(),
            salt: self.salt.clone(),
            username: self.username.clone(),
            params: self.params.clone(),
            scheme: None,
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The hash and salt are secrets of a kind (offline-crackable); show their shape only.
        f.debug_struct("Credential")
            .field("hash", &format_args!("<{} bytes>", self.hash.len()))
            .field(
                "salt",
                &self.salt.as_ref().map(|s| format!("<{} bytes>", s.len())),
            )
            .field("username", &self.username.as_ref().map(|_| "<set>"))
            .field("params", &self.params)
            .field("scheme", &self.scheme)
            .finish()
    }
}
