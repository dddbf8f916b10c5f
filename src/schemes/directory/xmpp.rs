//! `xmpp_scram_sha1`: the SCRAM-SHA-1 credentials XMPP servers keep for their accounts.
//!
//! Prosody (`mod_auth_internal_hashed`, `data/<host>/accounts/<user>.dat`) stores
//! `stored_key` and `server_key` in hex beside `salt` (a UUID, used as text) and
//! `iteration_count`; ejabberd (`passwd.password`, `.serverkey`, `.salt`, `.iterationcount`)
//! and Openfire (`ofUser.storedKey`, `.serverKey`, `.salt`, `.iterations`) hold the same
//! values, the keys and salt in base64. The credential is the stored key (40 hex digits or
//! 28 base64 characters), with:
//!
//! | context | what |
//! |---|---|
//! | salt | the salt bytes: Prosody's text as `utf8`, ejabberd's/Openfire's as `base64` |
//! | `params.iterations` | the iteration count (Prosody 0.12 writes 10000, 0.11 and ejabberd 4096) |
//! | `params.server_key` | optional: the server key (hex or base64), checked as well when given |
//!
//! RFC 5802: `SaltedPassword = PBKDF2-HMAC-SHA1(SASLprep(password), salt, i)`,
//! `StoredKey = SHA1(HMAC(SaltedPassword, "Client Key"))`,
//! `ServerKey = HMAC(SaltedPassword, "Server Key")` (hashcat 23200 checks the stored key). A
//! password SASLprep changes is also tried as given, for servers that stored it unprepared.
//!
//! The stored key alone is a bare SHA-1-sized digest: a hint is needed (40 hex digits are
//! `ambiguous` among the SHA-1 shapes without one). Weaknesses: PBKDF2-HMAC-SHA1 at 4096 or
//! 10000 iterations. Always upgraded; iterations and their work are bounded by
//! [`Limits::pbkdf2`].

use std::borrow::Cow;

use crate::credential::Credential;
use crate::encoding::digest_text::DigestText;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq, pbkdf2};
use crate::scheme::{Match, Scheme};

const ID: &str = "xmpp_scram_sha1";

/// `xmpp_scram_sha1`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct XmppScramSha1;

struct Parsed<'a> {
    stored_key: Vec<u8>,
    server_key: Option<Vec<u8>>,
    salt: &'a [u8],
    iterations: u64,
}

/// A 20-byte key in hex or base64 (the length says which).
fn key(field: &'static str, s: &str) -> Result<Vec<u8>> {
    let text = DigestText::guess(s, 20);
    text.decode_exact(s, 20)
        .ok_or_else(|| Error::malformed(ID, field, "expected 20 bytes in hex or base64"))
}

fn parse<'a>(cred: &'a Credential, limits: &Limits) -> Result<Parsed<'a>> {
    let stored_key = key("stored_key", cred.hash())?;
    let salt = cred.require_salt(ID)?;
    if salt.is_empty() {
        return Err(Error::malformed(ID, "salt", "empty"));
    }
    let iterations = cred
        .params()
        .u64(ID, "iterations")?
        .ok_or_else(|| Error::missing(ID, "params.iterations"))?;
    let server_key = cred
        .params()
        .get("server_key")
        .map(|s| key("params.server_key", s))
        .transpose()?;
    limits.pbkdf2(ID, Algorithm::Sha1, iterations, 20)?;
    Ok(Parsed {
        stored_key,
        server_key,
        salt,
        iterations,
    })
}

/// The password as SASLprep prepares it, when that is defined and differs.
fn prepared(password: &[u8]) -> Option<Cow<'_, str>> {
    let text = std::str::from_utf8(password).ok()?;
    stringprep::saslprep(text)
        .ok()
        .filter(|p| p.as_bytes() != password)
}

impl XmppScramSha1 {
    fn matches(&self, key: &[u8], p: &Parsed<'_>, limits: &Limits) -> Result<bool> {
        let salted = pbkdf2::derive(ID, Algorithm::Sha1, key, p.salt, p.iterations, 20, limits)?;
        let client_key = Algorithm::Sha1.hmac(&salted, &[b"Client Key"]);
        let stored = Algorithm::Sha1.digest(&[client_key.as_bytes()]);
        let mut ok = ct_eq(stored.as_bytes(), &p.stored_key);
        if let Some(server_key) = &p.server_key {
            let ours = Algorithm::Sha1.hmac(&salted, &[b"Server Key"]);
            ok &= ct_eq(ours.as_bytes(), server_key);
        }
        Ok(ok)
    }
}

impl Scheme for XmppScramSha1 {
    fn id(&self) -> &str {
        ID
    }

    fn identify(&self, hash: &str) -> Match {
        if DigestText::Hex.fits(hash, 20) || DigestText::Base64.fits(hash, 20) {
            Match::Shape
        } else {
            Match::No
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = parse(cred, limits)?;
        match prepared(password) {
            None => self.matches(password, &p, limits),
            Some(prep) => {
                // Two derivations: charge both before the first.
                let units = crate::cost::pbkdf2(Algorithm::Sha1, p.iterations, 20);
                limits.work(ID, units.saturating_mul(2))?;
                let a = self.matches(prep.as_bytes(), &p, limits)?;
                let b = self.matches(password, &p, limits)?;
                Ok(a | b)
            }
        }
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = parse(cred, limits)?;
        Ok(vec![
            ("iterations", p.iterations.to_string()),
            ("salt_bytes", p.salt.len().to_string()),
            ("server_key", p.server_key.is_some().to_string()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    /// hashcat mode 23200's self-test: 4096 iterations, a 45-byte salt.
    fn hashcat() -> Credential {
        let salt = crate::encoding::hex::decode(
            "353835323736323530353932363531393630313632353634313335323434323038393931323138373138343134",
        )
        .unwrap();
        Credential::new("6d5b543b985dc6c0645da3c83d114fce121aa51d")
            .with_salt(salt)
            .with_param("iterations", "4096")
    }

    #[test]
    fn hashcat_self_test() {
        let l = Limits::DEFAULT;
        assert!(XmppScramSha1.verify(b"hashcat", &hashcat(), &l).unwrap());
        assert!(!XmppScramSha1.verify(b"hashcaT", &hashcat(), &l).unwrap());
        // The same key in base64, as ejabberd and Openfire keep it.
        let b64 = hashcat().with_hash("bVtUO5hdxsBkXaPIPRFPzhIapR0=");
        assert!(
            XmppScramSha1
                .verify(b"hashcat", &b64.with_param("iterations", "4096"), &l)
                .unwrap()
        );
        // A wrong server key makes the pair a non-match.
        let c = hashcat().with_param("server_key", "00".repeat(20));
        assert!(!XmppScramSha1.verify(b"hashcat", &c, &l).unwrap());
    }

    #[test]
    fn context_is_required() {
        let l = Limits::DEFAULT;
        let h = "6d5b543b985dc6c0645da3c83d114fce121aa51d";
        for (c, kind) in [
            (
                Credential::new(h).with_param("iterations", "4096"),
                ErrorKind::MissingContext,
            ),
            (
                Credential::new(h).with_salt(b"s".to_vec()),
                ErrorKind::MissingContext,
            ),
            (
                Credential::new(h)
                    .with_salt(b"s".to_vec())
                    .with_param("iterations", "0"),
                ErrorKind::Malformed,
            ),
            (
                Credential::new(h)
                    .with_salt(b"s".to_vec())
                    .with_param("iterations", "99999999"),
                ErrorKind::Limit,
            ),
            (
                Credential::new(&h[2..])
                    .with_salt(b"s".to_vec())
                    .with_param("iterations", "1"),
                ErrorKind::Malformed,
            ),
            (
                hashcat().with_param("server_key", "xyz"),
                ErrorKind::Malformed,
            ),
        ] {
            let e = XmppScramSha1.verify(b"x", &c, &l).unwrap_err();
            assert_eq!(e.kind(), kind, "{c:?}");
        }
    }
}
