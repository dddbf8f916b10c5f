//! Schemes defined by the caller for in-house formats.

use crate::credential::Credential;
use crate::error::Result;
use crate::limits::Limits;
use crate::scheme::{Match, Scheme};

type IdentifyFn = dyn Fn(&str) -> Match + Send + Sync;
type VerifyFn = dyn Fn(&[u8], &Credential, &Limits) -> Result<bool> + Send + Sync;

/// A scheme made of two closures, for formats only one organisation ever used.
///
/// ```
/// use hashbridge::{Credential, CustomScheme, Match, Migrator, Registry};
/// use std::sync::Arc;
/// // An in-house format: "rev:" followed by the reversed password (do not do this at home).
/// let scheme = CustomScheme::new(
///     "inhouse_rev",
///     |h: &str| if h.starts_with("rev:") { Match::Exact } else { Match::No },
///     |pw: &[u8], cred: &Credential, _limits: &hashbridge::Limits| {
///         let mut rev = pw.to_vec();
///         rev.reverse();
///         Ok(cred.hash().as_bytes()[4..] == rev[..])
///     },
/// )
/// .with_prefixes(&["rev:"]);
/// let registry = Registry::default().with(Arc::new(scheme)).unwrap();
/// let m = Migrator::new(registry, Default::default()).unwrap();
/// assert!(m.verify(b"abc", &Credential::new("rev:cba")).unwrap().valid);
/// ```
pub struct CustomScheme {
    id: String,
    prefixes: &'static [&'static str],
    identify: Box<IdentifyFn>,
    verify: Box<VerifyFn>,
}

impl CustomScheme {
    /// A scheme `id` recognising strings with `identify` and checking passwords with `verify`.
    /// `verify` must compare in constant time (see [`crate::ct_eq`]) and bound its own costs.
    pub fn new(
        id: impl Into<String>,
        identify: impl Fn(&str) -> Match + Send + Sync + 'static,
        verify: impl Fn(&[u8], &Credential, &Limits) -> Result<bool> + Send + Sync + 'static,
    ) -> Self {
        CustomScheme {
            id: id.into(),
            prefixes: &[],
            identify: Box::new(identify),
            verify: Box::new(verify),
        }
    }

    /// The literal prefixes the format's strings start with (speeds up identification).
    pub fn with_prefixes(mut self, prefixes: &'static [&'static str]) -> Self {
        self.prefixes = prefixes;
        self
    }
}

impl Scheme for CustomScheme {
    fn id(&self) -> &str {
        &self.id
    }
    fn prefixes(&self) -> &[&'static str] {
        self.prefixes
    }
    fn identify(&self, hash: &str) -> Match {
        (self.identify)(hash)
    }
    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        (self.verify)(password, cred, limits)
    }
}
