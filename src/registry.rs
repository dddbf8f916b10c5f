//! The ordered set of schemes, and identification.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::scheme::{Match, Scheme};

/// An ordered list of [`Scheme`]s with an index for fast identification.
///
/// Order matters only between schemes whose markers overlap: the first scheme in order that
/// recognises a string by its marker ([`Match::Exact`]) wins, as in passlib's `CryptContext`.
/// Formats without a marker ([`Match::Shape`]: bare hex digests, DES crypt) are taken only when
/// exactly one fits; otherwise identification reports [`Error::Ambiguous`] with the candidates.
///
/// ```
/// use hashbridge::Registry;
/// let reg = Registry::default();
/// assert_eq!(reg.identify("$1$38652870$DUjsu4TTlTsOe/xxZ05uf/").unwrap().id(), "md5_crypt");
/// ```
#[derive(Clone)]
pub struct Registry {
    schemes: Vec<Arc<dyn Scheme>>,
    by_id: HashMap<String, usize>,
    /// For each first byte (both ASCII cases), the schemes with a prefix starting with it and
    /// that prefix, in registry order.
    by_first_byte: Vec<Vec<(usize, &'static str)>>,
    /// Schemes that strings without their prefix may match (all those without a prefix),
    /// checked for every string, in registry order.
    unmarked: Vec<usize>,
}

impl Registry {
    /// An empty registry.
    pub fn empty() -> Self {
        Registry {
            schemes: Vec::new(),
            by_id: HashMap::new(),
            by_first_byte: vec![Vec::new(); 256],
            unmarked: Vec::new(),
        }
    }

    /// Add a scheme after all others. Its id must not be registered already.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Config`] when the id is registered already.
    pub fn register(&mut self, scheme: Arc<dyn Scheme>) -> Result<()> {
        let id = scheme.id().to_owned();
        if self.by_id.contains_key(&id) {
            return Err(Error::config(
                "registry",
                format!("the scheme id {id} is registered already"),
            ));
        }
        let index = self.schemes.len();
        let prefixes = scheme.prefixes();
        if scheme.matches_without_prefix() {
            self.unmarked.push(index);
        }
        for &p in prefixes {
            let Some(&b) = p.as_bytes().first() else {
                continue;
            };
            let mut firsts = [b.to_ascii_lowercase(), b.to_ascii_uppercase()];
            firsts.sort_unstable();
            let n = if firsts[0] == firsts[1] { 1 } else { 2 };
            for &f in &firsts[..n] {
                let bucket = &mut self.by_first_byte[usize::from(f)];
                if !bucket
                    .iter()
                    .any(|&(i, q)| i == index && q.eq_ignore_ascii_case(p))
                {
                    bucket.push((index, p));
                }
            }
        }
        self.by_id.insert(id, index);
        self.schemes.push(scheme);
        Ok(())
    }

    /// Builder form of [`Registry::register`].
    ///
    /// # Errors
    /// As [`Registry::register`].
    pub fn with(mut self, scheme: Arc<dyn Scheme>) -> Result<Self> {
        self.register(scheme)?;
        Ok(self)
    }

    /// The scheme registered under `id`.
    pub fn get(&self, id: &str) -> Option<&dyn Scheme> {
        self.by_id.get(id).map(|&i| &*self.schemes[i])
    }

    /// The scheme registered under `id`, as a shared handle another registry can hold: a
    /// registry of chosen built-in schemes is `Registry::empty().with(default.get_shared(id)?)`.
    ///
    /// ```
    /// use hashbridge::Registry;
    /// let md5 = Registry::default().get_shared("md5_crypt").unwrap();
    /// let only = Registry::empty().with(md5).unwrap();
    /// assert_eq!(only.schemes().count(), 1);
    /// ```
    pub fn get_shared(&self, id: &str) -> Option<Arc<dyn Scheme>> {
        self.by_id.get(id).map(|&i| Arc::clone(&self.schemes[i]))
    }

    /// Every registered scheme, in order.
    pub fn schemes(&self) -> impl Iterator<Item = &dyn Scheme> {
        self.schemes.iter().map(|s| &**s)
    }

    /// Which scheme `hash` is in, from the string alone.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Unsupported`] when no scheme reads the string;
    /// [`crate::ErrorKind::Ambiguous`] with the candidates when several unmarked formats fit.
    pub fn identify(&self, hash: &str) -> Result<&dyn Scheme> {
        let bytes = hash.as_bytes();
        let first = bytes.first().copied().unwrap_or(0);
        let mut tried = usize::MAX;
        for &(i, prefix) in &self.by_first_byte[usize::from(first)] {
            // Only schemes whose marker the string carries (in any ASCII case; the scheme's own
            // identify decides on case) are asked, each once.
            if i == tried
                || bytes.len() < prefix.len()
                || !bytes[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
            {
                continue;
            }
            tried = i;
            if self.schemes[i].identify(hash) == Match::Exact {
                return Ok(&*self.schemes[i]);
            }
        }
        let mut found: Option<usize> = None;
        let mut more: Vec<usize> = Vec::new();
        for &i in &self.unmarked {
            match self.schemes[i].identify(hash) {
                Match::Exact => return Ok(&*self.schemes[i]),
                Match::Shape if found.is_none() => found = Some(i),
                Match::Shape => more.push(i),
                Match::No => {}
            }
        }
        match (found, more.is_empty()) {
            (Some(i), true) => Ok(&*self.schemes[i]),
            (Some(i), false) => Err(Error::Ambiguous {
                candidates: std::iter::once(i)
                    .chain(more)
                    .map(|i| self.schemes[i].id().to_owned())
                    .collect(),
            }),
            (None, _) => Err(Error::unsupported(if hash.is_empty() {
                "empty hash string"
            } else {
                "no registered scheme recognises this hash string"
            })),
        }
    }

    /// The scheme for a credential: its hint when it has one, else [`Registry::identify`].
    ///
    /// # Errors
    /// [`crate::ErrorKind::Unsupported`] for a hint naming no registered scheme; otherwise
    /// those of [`Registry::identify`].
    pub fn resolve(&self, cred: &Credential) -> Result<&dyn Scheme> {
        match cred.scheme() {
            Some(id) => self.get(id).ok_or_else(|| {
                let shown: String = id.chars().take(64).collect();
                Error::unsupported(format!("unknown scheme id {shown:?}"))
            }),
            None => self.identify(cred.hash()),
        }
    }
}

impl Default for Registry {
    /// Every built-in scheme, most specific markers first.
    fn default() -> Self {
        let mut reg = Registry::empty();
        for scheme in crate::schemes::builtin() {
            // Built-in ids are unique; a duplicate is a bug caught by the tests.
            let _ = reg.register(scheme);
        }
        reg
    }
}

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.schemes.iter().map(|s| s.id()))
            .finish()
    }
}
