//! Telemetry for verifies: an [`Observer`] that a [`crate::Migrator`] tells about each one.
//!
//! A service counts its verifies by scheme and result and times them (the migration service's
//! `/metrics` is built this way); an embedder can feed its own metrics or logs the same way
//! without wrapping every call. The observer learns the scheme, the result and the duration,
//! never the password, the hash or the user.
//!
//! ```
//! use std::sync::{Arc, Mutex};
//! use hashbridge::observe::{Observer, VerifyEvent, VerifyResult};
//! use hashbridge::{Credential, Migrator};
//!
//! #[derive(Default)]
//! struct Tally(Mutex<Vec<(String, VerifyResult)>>);
//! impl Observer for Tally {
//!     fn verified(&self, event: &VerifyEvent<'_>) {
//!         let scheme = event.scheme.unwrap_or("unknown").to_owned();
//!         self.0.lock().unwrap().push((scheme, event.result));
//!     }
//! }
//!
//! let tally = Arc::new(Tally::default());
//! let m = Migrator::default().with_observer(tally.clone());
//! let cred = Credential::new("$1$38652870$DUjsu4TTlTsOe/xxZ05uf/");
//! m.verify(b"hashcat", &cred)?;
//! m.verify(b"wrong", &cred)?;
//! assert_eq!(
//!     *tally.0.lock().unwrap(),
//!     [("md5_crypt".to_owned(), VerifyResult::Valid), ("md5_crypt".to_owned(), VerifyResult::Invalid)]
//! );
//! # Ok::<(), hashbridge::Error>(())
//! ```

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::error::{ErrorKind, Result};
use crate::outcome::Outcome;

/// Told about every verify of a [`crate::Migrator`] it is attached to
/// ([`crate::Migrator::with_observer`]).
///
/// Called on the verifying thread right after the work, so it should be quick (count, record a
/// histogram sample, send to a channel); it must not panic.
pub trait Observer: Send + Sync {
    /// One verify has finished.
    fn verified(&self, event: &VerifyEvent<'_>);
}

/// What one verify did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerifyEvent<'a> {
    /// The scheme the credential was judged with; for an error before identification, the
    /// credential's scheme hint, or `None`. For an unknown user, the policy target's scheme
    /// (the dummy hash that was verified instead).
    pub scheme: Option<&'a str>,
    /// How it ended.
    pub result: VerifyResult,
    /// Wall-clock time the verify took, memory-budget waits included.
    pub duration: Duration,
}

/// How a verify ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum VerifyResult {
    /// The password is right.
    Valid,
    /// The password is wrong.
    Invalid,
    /// No such user: a dummy hash was verified ([`crate::Migrator::verify_user`] with `None`).
    UnknownUser,
    /// The credential could not be judged.
    Error(ErrorKind),
}

impl VerifyResult {
    /// A stable lower-case name for labels and logs: `valid`, `invalid`, `unknown_user`, or the
    /// error kind's name (`malformed`, `limit`, ...).
    pub const fn as_str(self) -> &'static str {
        match self {
            VerifyResult::Valid => "valid",
            VerifyResult::Invalid => "invalid",
            VerifyResult::UnknownUser => "unknown_user",
            VerifyResult::Error(kind) => kind.as_str(),
        }
    }
}

impl fmt::Display for VerifyResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The migrator's optional observer.
#[derive(Clone, Default)]
pub(crate) struct Observers(Option<Arc<dyn Observer>>);

impl Observers {
    pub(crate) fn new(observer: Arc<dyn Observer>) -> Self {
        Observers(Some(observer))
    }

    /// Run `verify` and report it: a verify of a known credential (`known`), whose scheme hint
    /// is `hint`, or the dummy verify of an unknown user.
    pub(crate) fn observe(
        &self,
        known: bool,
        hint: Option<&str>,
        verify: impl FnOnce() -> Result<Outcome>,
    ) -> Result<Outcome> {
        let Some(observer) = &self.0 else {
            return verify();
        };
        let started = Instant::now();
        let answer = verify();
        let (scheme, result) = match &answer {
            Ok(o) if !known => (Some(o.scheme.as_str()), VerifyResult::UnknownUser),
            Ok(o) if o.valid => (Some(o.scheme.as_str()), VerifyResult::Valid),
            Ok(o) => (Some(o.scheme.as_str()), VerifyResult::Invalid),
            Err(e) => (hint, VerifyResult::Error(e.kind())),
        };
        observer.verified(&VerifyEvent {
            scheme,
            result,
            duration: started.elapsed(),
        });
        answer
    }
}

impl fmt::Debug for Observers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() { "Some(..)" } else { "None" })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::{Credential, Migrator};

    #[derive(Default)]
    struct Log(Mutex<Vec<(Option<String>, VerifyResult, Duration)>>);

    impl Observer for Log {
        fn verified(&self, e: &VerifyEvent<'_>) {
            if let Ok(mut log) = self.0.lock() {
                log.push((e.scheme.map(str::to_owned), e.result, e.duration));
            }
        }
    }

    #[test]
    fn every_verify_is_reported_once_with_its_scheme_and_result() {
        let log = Arc::new(Log::default());
        let m = Migrator::default()
            .with_rehash(false)
            .with_observer(log.clone());
        let md5 = Credential::new("$1$38652870$DUjsu4TTlTsOe/xxZ05uf/");
        assert!(m.verify(b"hashcat", &md5).unwrap().valid);
        assert!(!m.verify_user(b"nope", Some(&md5)).unwrap().valid);
        assert!(!m.verify_user(b"hashcat", None).unwrap().valid);
        let hinted = Credential::new("zz").with_scheme("salted_sha256");
        assert!(m.verify(b"x", &hinted).is_err());
        assert!(m.verify(b"x", &Credential::new("not a hash")).is_err());
        // Clones share the observer.
        assert!(m.clone().verify(b"hashcat", &md5).unwrap().valid);
        // A password over the limit is an error before any work, still reported.
        let long = vec![b'a'; m.policy().limits.max_password_bytes + 1];
        assert!(m.verify_user(&long, None).is_err());

        let log = log.0.lock().unwrap();
        let seen: Vec<_> = log.iter().map(|(s, r, _)| (s.as_deref(), *r)).collect();
        assert_eq!(
            seen,
            [
                (Some("md5_crypt"), VerifyResult::Valid),
                (Some("md5_crypt"), VerifyResult::Invalid),
                (Some("argon2"), VerifyResult::UnknownUser),
                (
                    Some("salted_sha256"),
                    VerifyResult::Error(ErrorKind::Malformed)
                ),
                (None, VerifyResult::Error(ErrorKind::Unsupported)),
                (Some("md5_crypt"), VerifyResult::Valid),
                (None, VerifyResult::Error(ErrorKind::Limit)),
            ]
        );
        // The dummy verify is an argon2id hash at the target's cost: it takes measurable time.
        assert!(log[2].2 > Duration::from_micros(100), "{:?}", log[2].2);
        assert_eq!(VerifyResult::UnknownUser.to_string(), "unknown_user");
        assert_eq!(VerifyResult::Error(ErrorKind::Limit).as_str(), "limit");
    }

    #[test]
    fn without_an_observer_nothing_changes() {
        let m = Migrator::default();
        assert_eq!(format!("{:?}", Observers::default()), "None");
        let md5 = Credential::new("$1$38652870$DUjsu4TTlTsOe/xxZ05uf/");
        assert!(m.verify(b"hashcat", &md5).unwrap().valid);
    }
}
