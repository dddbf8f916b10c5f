//! The shared secret callers present as `Authorization: Bearer <secret>`.
//!
//! Secrets are kept as their SHA-256 digests, and a presented token is hashed the same way and
//! compared with every configured digest in constant time ([`hashbridge::ct_eq`]), without
//! stopping at a match: neither the secret's length nor how much of it a guess got right shows
//! in the timing. Several secrets may be configured at once (one per line of the secret file)
//! so that a secret can be rotated without downtime.

use axum::http::HeaderValue;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// The shortest secret accepted, in bytes: guessing must not be an option.
pub const MIN_SECRET_BYTES: usize = 16;

/// The configured secrets, as digests.
#[derive(Clone)]
pub struct Secrets {
    digests: Vec<[u8; 32]>,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Secrets({} configured)", self.digests.len())
    }
}

/// Why the secrets cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("secret: {0}")]
pub struct SecretError(String);

impl Secrets {
    /// The secrets in `text`: one per non-blank line, surrounding white space ignored.
    ///
    /// # Errors
    /// No secret at all, or one shorter than [`MIN_SECRET_BYTES`].
    pub fn parse(text: &str) -> Result<Secrets, SecretError> {
        let mut digests = Vec::new();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if line.len() < MIN_SECRET_BYTES {
                return Err(SecretError(format!(
                    "a secret of {} bytes is too short (at least {MIN_SECRET_BYTES})",
                    line.len()
                )));
            }
            digests.push(digest(line.as_bytes()));
        }
        if digests.is_empty() {
            return Err(SecretError("no secret given".into()));
        }
        Ok(Secrets { digests })
    }

    /// Whether `header` is `Bearer <one of the secrets>`.
    pub fn admits(&self, header: Option<&HeaderValue>) -> bool {
        let Some(token) = header.and_then(|h| bearer(h.as_bytes())) else {
            return false;
        };
        let presented = digest(token);
        self.digests
            .iter()
            .fold(false, |ok, d| ok | hashbridge::ct_eq(d, &presented))
    }
}

fn digest(bytes: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(&Sha256::digest(bytes));
    out
}

/// The token of a `Bearer` authorization value (scheme name in any case, RFC 9110 §11.1).
fn bearer(value: &[u8]) -> Option<&[u8]> {
    let (scheme, rest) = value.split_at_checked(7)?;
    if !scheme.eq_ignore_ascii_case(b"bearer ") {
        return None;
    }
    let token = rest.trim_ascii();
    (!token.is_empty()).then_some(token)
}

/// Read the secrets from `file`, or else from the `HASHBRIDGE_SECRET` environment variable.
///
/// # Errors
/// Neither is given, the file cannot be read, or a secret is unusable.
pub fn load(file: Option<&std::path::Path>) -> Result<Secrets, SecretError> {
    let text =
        match file {
            Some(path) => Zeroizing::new(
                std::fs::read_to_string(path)
                    .map_err(|e| SecretError(format!("{}: {e}", path.display())))?,
            ),
            None => Zeroizing::new(std::env::var("HASHBRIDGE_SECRET").map_err(|_| {
                SecretError("give --secret-file FILE or set HASHBRIDGE_SECRET".into())
            })?),
        };
    Secrets::parse(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_tokens_are_checked_against_every_secret() {
        let s = Secrets::parse("first-secret-0123456789\n\n  second-secret-abcdefgh  \n").unwrap();
        let h = |v: &str| HeaderValue::from_str(v).unwrap();
        assert!(s.admits(Some(&h("Bearer first-secret-0123456789"))));
        assert!(s.admits(Some(&h("bearer second-secret-abcdefgh"))));
        for no in [
            "Bearer first-secret-012345678",
            "Bearer ",
            "Basic first-secret-0123456789",
            "first-secret-0123456789",
            "Bearer first-secret-0123456789x",
        ] {
            assert!(!s.admits(Some(&h(no))), "{no}");
        }
        assert!(!s.admits(None));
        assert!(Secrets::parse("short").is_err());
        assert!(Secrets::parse(" \n ").is_err());
        assert_eq!(format!("{s:?}"), "Secrets(2 configured)");
    }
}
