//! The one error type of the crate.
//!
//! A wrong password is *not* an error: [`crate::Migrator::verify`] answers it with
//! `Ok(Outcome { valid: false, .. })`. An [`Error`] means the stored credential could not be
//! judged at all, and its [`ErrorKind`] says why, so that callers can route it (a malformed row is
//! a data-quality problem, a missing salt column is an import-mapping problem, a limit is possibly
//! an attack). Messages name the scheme and the field at fault and never contain the password or
//! anything derived from it.

use std::borrow::Cow;
use std::fmt;

/// What kind of problem an [`Error`] reports; stable names for logs and the CLI's JSON output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The hash string, or a parameter or salt supplied with it, is not a valid instance of the format.
    Malformed,
    /// No registered scheme reads this string, or the scheme id given as a hint is unknown.
    Unsupported,
    /// The string fits several schemes and nothing says which one is meant.
    Ambiguous,
    /// The scheme needs context the credential does not carry (separate salt, user name, key).
    MissingContext,
    /// A cost, length or size exceeds the configured [`crate::Limits`]; refused before any work.
    Limit,
    /// The migrator itself is misconfigured (a policy target its own limits would refuse, a
    /// registry with a duplicate id): a deployment problem, not a problem of the stored data.
    Config,
    /// The verify could not get what it needs to run now (the process memory budget stayed
    /// exhausted, an allocation failed, no random source for a salt). Transient: try again.
    Unavailable,
}

impl ErrorKind {
    /// The lower-case snake name used in JSON output (`malformed`, `missing_context`, ...).
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Malformed => "malformed",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Ambiguous => "ambiguous",
            ErrorKind::MissingContext => "missing_context",
            ErrorKind::Limit => "limit",
            ErrorKind::Config => "config",
            ErrorKind::Unavailable => "unavailable",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a credential could not be judged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The hash string or its context is not a valid instance of the scheme's format.
    #[error("{scheme}: malformed {field}: {reason}")]
    Malformed {
        /// Scheme id.
        scheme: Cow<'static, str>,
        /// The part of the credential at fault (`salt`, `digest`, `rounds`, ...).
        field: &'static str,
        /// What is wrong with it.
        reason: Cow<'static, str>,
    },
    /// Nothing registered reads this input.
    #[error("unsupported hash: {reason}")]
    Unsupported {
        /// What was not recognised.
        reason: Cow<'static, str>,
    },
    /// Several schemes read this string; a scheme hint is needed.
    #[error("ambiguous: the hash fits {}; give a scheme hint", candidates.join(", "))]
    Ambiguous {
        /// Ids of every scheme the string fits, in registry order.
        candidates: Vec<String>,
    },
    /// The scheme needs context the credential does not carry.
    #[error("{scheme}: missing context: {what}")]
    MissingContext {
        /// Scheme id.
        scheme: Cow<'static, str>,
        /// What must be supplied (`salt`, `username`, `params.base64_signer_key`, ...).
        what: Cow<'static, str>,
    },
    /// A cost or size is over the configured limit; refused before any work was done.
    #[error(
        "{scheme}: {param} {value} exceeds the limit of {limit}{}",
        knob_hint(knob)
    )]
    Limit {
        /// Scheme id, or `input` for the global password and hash length limits.
        scheme: Cow<'static, str>,
        /// The parameter at fault (`cost`, `rounds`, `memory (KiB)`, ...).
        param: &'static str,
        /// The value found, saturated at `u64::MAX` when it does not even fit.
        value: u64,
        /// The configured ceiling.
        limit: u64,
        /// The setting that raises the ceiling (`Limits::max_work`, `Limits::max_bcrypt_cost`,
        /// ...), empty when no setting can (a number that does not fit 64 bits).
        knob: &'static str,
    },
    /// The migrator is misconfigured.
    #[error("configuration: {what}: {reason}")]
    Config {
        /// The setting at fault (`target`, `registry`, ...).
        what: &'static str,
        /// What is wrong with it.
        reason: Cow<'static, str>,
    },
    /// A resource the verify needs could not be had now.
    #[error("unavailable: {reason}")]
    Unavailable {
        /// What could not be had.
        reason: Cow<'static, str>,
    },
}

fn knob_hint(knob: &str) -> String {
    if knob.is_empty() {
        String::new()
    } else {
        format!(" (raise {knob})")
    }
}

impl Error {
    /// The kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Malformed { .. } => ErrorKind::Malformed,
            Error::Unsupported { .. } => ErrorKind::Unsupported,
            Error::Ambiguous { .. } => ErrorKind::Ambiguous,
            Error::MissingContext { .. } => ErrorKind::MissingContext,
            Error::Limit { .. } => ErrorKind::Limit,
            Error::Config { .. } => ErrorKind::Config,
            Error::Unavailable { .. } => ErrorKind::Unavailable,
        }
    }

    /// The error's fields by name, as bindings and JSON bodies carry them beside the kind and
    /// the message: `scheme`, `field` (malformed), `candidates` (ambiguous), `what` (missing
    /// context, config), `param`, `value`, `limit` and `knob` (limit; `knob` only when some
    /// setting raises the limit). The free-text `reason` is left out: the message holds it.
    /// One list here keeps every language's exception attributes the same.
    ///
    /// ```
    /// use hashbridge::{Detail, Error};
    /// let e = Error::limit("bcrypt", "cost", 31, 16, "Limits::max_bcrypt_cost");
    /// assert_eq!(e.details()[1], ("param", Detail::Text("cost")));
    /// assert_eq!(e.details()[2], ("value", Detail::Number(31)));
    /// ```
    pub fn details(&self) -> Vec<(&'static str, Detail<'_>)> {
        match self {
            Error::Malformed { scheme, field, .. } => {
                vec![
                    ("scheme", Detail::Text(scheme)),
                    ("field", Detail::Text(field)),
                ]
            }
            Error::Ambiguous { candidates } => vec![("candidates", Detail::List(candidates))],
            Error::MissingContext { scheme, what } => {
                vec![
                    ("scheme", Detail::Text(scheme)),
                    ("what", Detail::Text(what)),
                ]
            }
            Error::Limit {
                scheme,
                param,
                value,
                limit,
                knob,
            } => {
                let mut d = vec![
                    ("scheme", Detail::Text(scheme)),
                    ("param", Detail::Text(param)),
                    ("value", Detail::Number(*value)),
                    ("limit", Detail::Number(*limit)),
                ];
                if !knob.is_empty() {
                    d.push(("knob", Detail::Text(knob)));
                }
                d
            }
            Error::Config { what, .. } => vec![("what", Detail::Text(what))],
            Error::Unsupported { .. } | Error::Unavailable { .. } => Vec::new(),
        }
    }

    /// A [`Error::Malformed`] for `scheme`'s `field`.
    pub fn malformed(
        scheme: impl Into<Cow<'static, str>>,
        field: &'static str,
        reason: impl Into<Cow<'static, str>>,
    ) -> Self {
        Error::Malformed {
            scheme: scheme.into(),
            field,
            reason: reason.into(),
        }
    }

    /// A [`Error::Unsupported`].
    pub fn unsupported(reason: impl Into<Cow<'static, str>>) -> Self {
        Error::Unsupported {
            reason: reason.into(),
        }
    }

    /// A [`Error::MissingContext`]: `scheme` needs `what`.
    pub fn missing(
        scheme: impl Into<Cow<'static, str>>,
        what: impl Into<Cow<'static, str>>,
    ) -> Self {
        Error::MissingContext {
            scheme: scheme.into(),
            what: what.into(),
        }
    }

    /// A [`Error::Limit`]: `param` of `scheme` is `value`, over `limit`, which the setting
    /// `knob` raises (`Limits::max_work`; empty when no setting can).
    pub fn limit(
        scheme: impl Into<Cow<'static, str>>,
        param: &'static str,
        value: u64,
        limit: u64,
        knob: &'static str,
    ) -> Self {
        Error::Limit {
            scheme: scheme.into(),
            param,
            value,
            limit,
            knob,
        }
    }

    /// A [`Error::Config`]: the setting `what` is unusable.
    pub fn config(what: &'static str, reason: impl Into<Cow<'static, str>>) -> Self {
        Error::Config {
            what,
            reason: reason.into(),
        }
    }

    /// A [`Error::Unavailable`]: `reason` says what could not be had.
    pub fn unavailable(reason: impl Into<Cow<'static, str>>) -> Self {
        Error::Unavailable {
            reason: reason.into(),
        }
    }
}

/// The value of one of [`Error::details`]'s fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Detail<'a> {
    /// A name or a short text (a scheme id, a field or parameter name, a setting).
    Text(&'a str),
    /// A cost, size or count.
    Number(u64),
    /// Several names (the candidate scheme ids of an ambiguous hash).
    List(&'a [String]),
}

/// Result alias used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
