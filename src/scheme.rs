//! The [`Scheme`] trait every format implements, and the generic wrapper scheme.

use std::sync::Arc;

use crate::credential::Credential;
use crate::error::Result;
use crate::limits::Limits;
use crate::policy::Target;

/// How sure a scheme is that a string is in its format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Match {
    /// Not this format.
    No,
    /// The string carries this format's own marker (`$2b$`, `{SSHA}`, `pbkdf2_sha256$`): it is
    /// this format or nothing. The first such scheme in registry order wins.
    Exact,
    /// The string merely has the right shape (13 crypt64 characters, 32 hex digits). Taken when it
    /// is the only shape that fits; when several fit, identification is ambiguous and the caller
    /// must give a scheme hint.
    Shape,
}

impl Match {
    /// [`Match::Exact`] when `carries_marker`, else [`Match::No`]: the whole `identify` of most
    /// formats with a marker of their own.
    #[inline]
    pub const fn exact_if(carries_marker: bool) -> Match {
        if carries_marker {
            Match::Exact
        } else {
            Match::No
        }
    }
}

/// One stored-password format.
///
/// Implementations are stateless values (`Send + Sync`), registered once in a
/// [`crate::Registry`]. `verify` must parse and bound everything it reads from the credential
/// before any expensive work, compare digests in constant time, and return `Ok(false)` (not an
/// error) for a wrong password.
pub trait Scheme: Send + Sync {
    /// The scheme id: passlib's handler name where passlib has the format.
    fn id(&self) -> &str;

    /// Literal prefixes this format's strings start with, used to index the registry so that
    /// identification does not try every scheme. Empty for formats without a marker.
    fn prefixes(&self) -> &[&'static str] {
        &[]
    }

    /// Whether a string that carries none of [`Scheme::prefixes`] may still be in this format
    /// (by its shape), so that identification asks this scheme about every string. True for a
    /// format without prefixes (the default); a format with both a marked and a bare form
    /// (MS-Cache v2's `$DCC2$...` and its 32 hex digits) overrides it.
    fn matches_without_prefix(&self) -> bool {
        self.prefixes().is_empty()
    }

    /// Whether `hash` is in this format. Cheap: no decoding beyond a character scan, no crypto.
    fn identify(&self, hash: &str) -> Match;

    /// Whether `password` matches the credential. `Err` when the credential cannot be judged.
    ///
    /// # Errors
    /// The credential cannot be judged: [`crate::ErrorKind::Malformed`] (the string or its
    /// context does not parse), [`crate::ErrorKind::MissingContext`] (a salt, user name or
    /// parameter the format needs is absent), [`crate::ErrorKind::Limit`] (a cost over
    /// `limits`, before any work), [`crate::ErrorKind::Unavailable`] (memory).
    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool>;

    /// The credential's parameters in this format's own terms (`rounds`, `cost`, `m`, ...), for
    /// `identify` reports. Validates like `verify` does, without computing anything.
    ///
    /// # Errors
    /// Those of [`Scheme::verify`] that come before any hashing.
    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let _ = (cred, limits);
        Ok(Vec::new())
    }

    /// When this credential is itself a hash an upgrade [`Target`] would write (argon2, bcrypt,
    /// scrypt, PBKDF2-SHA256), its parameters in target terms, so the policy can tell whether it
    /// is already strong enough. `None` (the default) means "legacy: always upgrade".
    fn as_target(&self, cred: &Credential) -> Option<Target> {
        let _ = cred;
        None
    }

    /// Whether this format ignores part of `password` (bcrypt past 72 bytes or after a NUL, DES
    /// crypt past 8 characters, LM's upper-casing). A successful verify of such a password is
    /// flagged for upgrade whatever the parameters: the stored hash accepts other passwords too.
    fn truncates(&self, password: &[u8]) -> bool {
        let _ = password;
        false
    }
}

/// A format that is another scheme's string behind a fixed marker: `{CRYPT}$1$...`,
/// `{SHA512-CRYPT}$6$...`, Django's `bcrypt$$2b$...`, Spring's `{bcrypt}$2a$...`.
///
/// The marker is stripped (ASCII case-insensitively when `case_insensitive`) and the rest handed
/// to the inner scheme with the same context.
pub struct Prefixed {
    id: &'static str,
    prefixes: &'static [&'static str],
    case_insensitive: bool,
    inner: Arc<dyn Scheme>,
}

impl Prefixed {
    /// `id` is `prefixes[0]` followed by a string of `inner`'s format. Further entries of
    /// `prefixes` are spellings of the same marker, listed for the registry index only.
    pub fn new(
        id: &'static str,
        prefixes: &'static [&'static str],
        inner: Arc<dyn Scheme>,
    ) -> Self {
        assert!(!prefixes.is_empty(), "a Prefixed scheme needs its marker");
        Prefixed {
            id,
            prefixes,
            case_insensitive: false,
            inner,
        }
    }

    /// Accept the marker in any ASCII case (LDAP's `{crypt}`, `{CRYPT}`). List every case the
    /// index should know in `prefixes` (the index is case-sensitive).
    pub fn case_insensitive(mut self) -> Self {
        self.case_insensitive = true;
        self
    }

    fn strip<'a>(&self, hash: &'a str) -> Option<&'a str> {
        let p = self.prefixes[0];
        if hash.len() < p.len() || !hash.is_char_boundary(p.len()) {
            return None;
        }
        let (head, rest) = hash.split_at(p.len());
        let hit = if self.case_insensitive {
            head.eq_ignore_ascii_case(p)
        } else {
            head == p
        };
        hit.then_some(rest)
    }

    fn inner_cred(&self, cred: &Credential) -> Result<Credential> {
        match self.strip(cred.hash()) {
            Some(rest) => Ok(cred.with_hash(rest)),
            None => Err(crate::Error::malformed(
                self.id,
                "prefix",
                format!("expected the marker {}", self.prefixes[0]),
            )),
        }
    }
}

impl Scheme for Prefixed {
    fn id(&self) -> &str {
        self.id
    }

    fn prefixes(&self) -> &[&'static str] {
        self.prefixes
    }

    fn identify(&self, hash: &str) -> Match {
        match self.strip(hash) {
            Some(rest) if self.inner.identify(rest) != Match::No => Match::Exact,
            _ => Match::No,
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        self.inner.verify(password, &self.inner_cred(cred)?, limits)
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        self.inner.inspect(&self.inner_cred(cred)?, limits)
    }

    fn as_target(&self, _cred: &Credential) -> Option<Target> {
        // A wrapped string is never what a target writes: the importing system stores the bare form.
        None
    }

    fn truncates(&self, password: &[u8]) -> bool {
        self.inner.truncates(password)
    }
}
