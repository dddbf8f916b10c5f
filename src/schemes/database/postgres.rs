//! PostgreSQL role passwords as `pg_authid.rolpassword` stores them.
//!
//! * **postgres_md5** (PostgreSQL up to 13's default, `password_encryption = md5`): `md5` and the
//!   hex MD5 of the password followed by the role name. The role name is the only salt, so the
//!   caller must supply it as the user name; the stored string does not carry it. One MD5 per
//!   guess, and the same password gives the same hash for the same role everywhere.
//! * **postgres_scram_sha256** (PostgreSQL 10+, default from 14):
//!   `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` (RFC 5802/7677, base64 with
//!   padding, which PostgreSQL's decoder requires: a secret without it never logs in there, so
//!   it is malformed here too). We recompute SaltedPassword = PBKDF2-HMAC-SHA256(password, salt, iterations) and
//!   from it both StoredKey = SHA256(HMAC(SaltedPassword, "Client Key")) and ServerKey =
//!   HMAC(SaltedPassword, "Server Key"); both must match. Iterations are bounded by
//!   [`Limits::pbkdf2_iterations`]. Only SHA-256 exists in PostgreSQL: `SCRAM-SHA-1$...` strings
//!   are not this format.
//!
//! The password goes through SASLprep first exactly as PostgreSQL's `pg_saslprep` does it: pure
//! ASCII is used as it is; otherwise non-ASCII spaces become U+0020, "commonly mapped to nothing"
//! characters (soft hyphen, zero-width joiners, variation selectors, ...) are dropped and the
//! result is NFKC-normalised. When the input is not UTF-8, maps to nothing, or holds a prohibited
//! or unassigned code point or bad bidirectional text (checked, as PostgreSQL checks them, on the
//! mapped string before normalisation), PostgreSQL hashes the raw bytes instead, and so do we.
//! So `"soft\u{ad}hyphen"` and `"softhyphen"` are the same password here, as at the server.

use std::borrow::Cow;

use stringprep::tables;
use unicode_normalization::UnicodeNormalization as _;
use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::encoding::{b64, hex};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq, number, pbkdf2};
use crate::scheme::{Match, Scheme};

/// `md5` + hex MD5(password || role name).
#[derive(Clone, Copy, Debug)]
pub(crate) struct PostgresMd5;

impl PostgresMd5 {
    const ID: &'static str = "postgres_md5";
    const MARKER: &'static str = "md5";

    fn parse(hash: &str) -> Result<[u8; 16]> {
        let digest = hash
            .strip_prefix(Self::MARKER)
            .ok_or_else(|| Error::malformed(Self::ID, "prefix", "expected md5"))?;
        hex::decode_array::<16>(digest)
            .ok_or_else(|| Error::malformed(Self::ID, "digest", "expected 32 hex digits"))
    }
}

impl Scheme for PostgresMd5 {
    fn id(&self) -> &str {
        Self::ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &[Self::MARKER]
    }

    fn identify(&self, hash: &str) -> Match {
        match hash.strip_prefix(Self::MARKER) {
            Some(rest) if hex::is_hex_len(rest, 32) => Match::Exact,
            _ => Match::No,
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let stored = Self::parse(cred.hash())?;
        let role = cred.require_username(Self::ID)?;
        let ours = Algorithm::Md5.digest(&[password, role.as_bytes()]);
        Ok(ct_eq(ours.as_bytes(), &stored))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        Self::parse(cred.hash())?;
        Ok(Vec::new())
    }
}

/// The password as PostgreSQL's `pg_saslprep` prepares it for SCRAM (see the module docs).
fn pg_saslprep(password: &[u8]) -> Cow<'_, [u8]> {
    fn prohibited(c: char) -> bool {
        tables::non_ascii_space_character(c)
            || tables::ascii_control_character(c)
            || tables::non_ascii_control_character(c)
            || tables::private_use(c)
            || tables::non_character_code_point(c)
            || tables::surrogate_code(c)
            || tables::inappropriate_for_plain_text(c)
            || tables::inappropriate_for_canonical_representation(c)
            || tables::change_display_properties_or_deprecated(c)
            || tables::tagging_character(c)
            || tables::unassigned_code_point(c)
    }

    if password.is_ascii() {
        return Cow::Borrowed(password);
    }
    let Ok(text) = std::str::from_utf8(password) else {
        return Cow::Borrowed(password);
    };
    let mapped: Zeroizing<String> = Zeroizing::new(
        text.chars()
            .filter(|&c| !tables::commonly_mapped_to_nothing(c))
            .map(|c| {
                if tables::non_ascii_space_character(c) {
                    ' '
                } else {
                    c
                }
            })
            .collect(),
    );
    if mapped.is_empty() || mapped.chars().any(prohibited) {
        return Cow::Borrowed(password);
    }
    if mapped.chars().any(tables::bidi_r_or_al) {
        let ends_ok = mapped.chars().next().is_some_and(tables::bidi_r_or_al)
            && mapped.chars().next_back().is_some_and(tables::bidi_r_or_al);
        if !ends_ok || mapped.chars().any(tables::bidi_l) {
            return Cow::Borrowed(password);
        }
    }
    let normalized: String = mapped.chars().nfkc().collect();
    Cow::Owned(normalized.into_bytes())
}

/// PostgreSQL's SCRAM-SHA-256 verifier.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PostgresScramSha256;

/// A parsed SCRAM secret.
struct ScramSecret {
    iterations: u64,
    salt: Vec<u8>,
    stored_key: Vec<u8>,
    server_key: Vec<u8>,
}

impl PostgresScramSha256 {
    const ID: &'static str = "postgres_scram_sha256";
    const MARKER: &'static str = "SCRAM-SHA-256$";
    const KEY_LEN: usize = 32;

    fn parse(hash: &str, limits: &Limits) -> Result<ScramSecret> {
        let id = Self::ID;
        let rest = hash
            .strip_prefix(Self::MARKER)
            .ok_or_else(|| Error::malformed(id, "prefix", "expected SCRAM-SHA-256$"))?;
        let (params, keys) = rest
            .split_once('$')
            .ok_or_else(|| Error::malformed(id, "keys", "missing '$' before the keys"))?;
        let (iterations, salt) = params
            .split_once(':')
            .ok_or_else(|| Error::malformed(id, "salt", "missing ':' after the iterations"))?;
        let iterations = number::decimal(id, "iterations", iterations)?;
        limits.pbkdf2(id, Algorithm::Sha256, iterations, 32)?;
        let salt = b64::decode(&b64::STANDARD_PADDED, salt)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| Error::malformed(id, "salt", "expected non-empty padded base64"))?;
        limits.salt_len(id, salt.len())?;
        let (stored, server) = keys
            .split_once(':')
            .ok_or_else(|| Error::malformed(id, "keys", "expected StoredKey:ServerKey"))?;
        let key = |field: &'static str, s: &str| {
            b64::decode(&b64::STANDARD_PADDED, s)
                .filter(|k| k.len() == Self::KEY_LEN)
                .ok_or_else(|| Error::malformed(id, field, "expected 32 bytes of padded base64"))
        };
        Ok(ScramSecret {
            iterations,
            salt,
            stored_key: key("StoredKey", stored)?,
            server_key: key("ServerKey", server)?,
        })
    }
}

impl Scheme for PostgresScramSha256 {
    fn id(&self) -> &str {
        Self::ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &[Self::MARKER]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(hash.starts_with(Self::MARKER))
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let secret = Self::parse(cred.hash(), limits)?;
        let prepared = pg_saslprep(password);
        let salted = pbkdf2::derive(
            Self::ID,
            Algorithm::Sha256,
            &prepared,
            &secret.salt,
            secret.iterations,
            Self::KEY_LEN,
            limits,
        )?;
        if let Cow::Owned(mut owned) = prepared {
            zeroize::Zeroize::zeroize(&mut owned);
        }
        let client_key = Algorithm::Sha256.hmac(&salted, &[b"Client Key"]);
        let stored_key = Algorithm::Sha256.digest(&[client_key.as_bytes()]);
        let server_key = Algorithm::Sha256.hmac(&salted, &[b"Server Key"]);
        let stored_ok = ct_eq(stored_key.as_bytes(), &secret.stored_key);
        let server_ok = ct_eq(server_key.as_bytes(), &secret.server_key);
        Ok(stored_ok & server_ok)
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let secret = Self::parse(cred.hash(), limits)?;
        Ok(vec![
            ("iterations", secret.iterations.to_string()),
            ("salt", b64::encode(&b64::STANDARD, &secret.salt)),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    const HASHCAT: &str = "SCRAM-SHA-256$4096:IKfxzJ8Nq4PkLJCfgKcPmA==$\
        iRw3qwTp18uaBnsTOEExbtgWdKeBMbSSnZvqD4sdqLQ=:hPciC1CcnBna3szR8Mf3MVc8t0W7QPbIHoMMrh4zRV0=";

    #[test]
    fn md5_known_answer() {
        // PostgreSQL 15: role "admin", password "🔑 key 😀".
        let cred = Credential::new("md57d28e213a0b2b3603b45739672cd8db4").with_username("admin");
        let pw = "🔑 key 😀".as_bytes();
        assert!(PostgresMd5.verify(pw, &cred, &Limits::DEFAULT).unwrap());
        assert!(!PostgresMd5.verify(b"key", &cred, &Limits::DEFAULT).unwrap());
        let other = cred.with_hash(cred.hash()).with_username("admin2");
        assert!(!PostgresMd5.verify(pw, &other, &Limits::DEFAULT).unwrap());
    }

    #[test]
    fn md5_needs_the_role_and_a_hex_digest() {
        let e = PostgresMd5
            .verify(
                b"x",
                &Credential::new("md593a8cf6a7d43e3b5bcd2dc6abb3e02c6"),
                &Limits::DEFAULT,
            )
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingContext);
        let bad = Credential::new("md5gggggggggggggggggggggggggggggggg").with_username("u");
        assert_eq!(
            PostgresMd5
                .verify(b"x", &bad, &Limits::DEFAULT)
                .unwrap_err()
                .kind(),
            ErrorKind::Malformed
        );
        assert_eq!(PostgresMd5.identify(bad.hash()), Match::No);
        assert_eq!(
            PostgresMd5.identify("md593a8cf6a7d43e3b5bcd2dc6abb3e02c6"),
            Match::Exact
        );
    }

    #[test]
    fn scram_known_answer() {
        // hashcat's mode 28600 example.
        let cred = Credential::new(HASHCAT);
        assert!(
            PostgresScramSha256
                .verify(b"hashcat", &cred, &Limits::DEFAULT)
                .unwrap()
        );
        assert!(
            !PostgresScramSha256
                .verify(b"hashcat1", &cred, &Limits::DEFAULT)
                .unwrap()
        );
    }

    #[test]
    fn scram_checks_both_keys() {
        // The right StoredKey with a ServerKey from another secret is not a match.
        let tampered = HASHCAT.replace(
            "hPciC1CcnBna3szR8Mf3MVc8t0W7QPbIHoMMrh4zRV0=",
            "slbEH8mliij4jLesVGqUla6agic5MwiO68J1EY9yNek=",
        );
        assert!(
            !PostgresScramSha256
                .verify(b"hashcat", &Credential::new(tampered), &Limits::DEFAULT)
                .unwrap()
        );
    }

    #[test]
    fn scram_rejects_malformed() {
        for (bad, kind) in [
            ("", ErrorKind::Malformed),
            ("SCRAM-SHA-256$", ErrorKind::Malformed),
            (&HASHCAT.replace("4096:", "0:"), ErrorKind::Malformed),
            (&HASHCAT.replace("4096:", "-1:"), ErrorKind::Malformed),
            (&HASHCAT.replace("4096:", "4294967295:"), ErrorKind::Limit),
            (
                &HASHCAT.replace("4096:", "99999999999999999999999:"),
                ErrorKind::Limit,
            ),
            (
                &HASHCAT.replace("IKfxzJ8Nq4PkLJCfgKcPmA==", ""),
                ErrorKind::Malformed,
            ),
            (
                &HASHCAT.replace("iRw3qwTp18uaBnsTOEExbtgWdKeBMbSSnZvqD4sdqLQ=", "iRw3qw=="),
                ErrorKind::Malformed,
            ),
            (&HASHCAT.replace("=:h", "=~h"), ErrorKind::Malformed),
            (&HASHCAT[..HASHCAT.len() - 5], ErrorKind::Malformed),
            (&format!("{HASHCAT}:AAAA"), ErrorKind::Malformed),
        ] {
            let e = PostgresScramSha256
                .verify(b"hashcat", &Credential::new(bad), &Limits::DEFAULT)
                .unwrap_err();
            assert_eq!(e.kind(), kind, "{bad:?}");
        }
        assert_eq!(
            PostgresScramSha256.identify("SCRAM-SHA-1$4096:c2FsdA==$a:b"),
            Match::No
        );
    }

    #[test]
    fn scram_refuses_unpadded_base64() {
        // PostgreSQL's pg_b64_decode refuses input whose length is not a multiple of 4, so a
        // secret with any of its three base64 fields unpadded is refused at the server.
        for (padded, field) in [
            ("hPciC1CcnBna3szR8Mf3MVc8t0W7QPbIHoMMrh4zRV0=", "ServerKey"),
            ("iRw3qwTp18uaBnsTOEExbtgWdKeBMbSSnZvqD4sdqLQ=", "StoredKey"),
            ("IKfxzJ8Nq4PkLJCfgKcPmA==", "salt"),
        ] {
            let bad = HASHCAT.replace(padded, padded.trim_end_matches('='));
            let e = PostgresScramSha256
                .verify(b"hashcat", &Credential::new(bad.as_str()), &Limits::DEFAULT)
                .unwrap_err();
            assert!(
                matches!(&e, Error::Malformed { field: f, .. } if *f == field),
                "{bad}: {e}"
            );
            let e = PostgresScramSha256
                .inspect(&Credential::new(bad.as_str()), &Limits::DEFAULT)
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed, "{bad}");
        }
        // Padding beyond the canonical amount is refused as well.
        let over = HASHCAT.replace("PmA==", "PmA===");
        assert_eq!(
            PostgresScramSha256
                .verify(b"hashcat", &Credential::new(over), &Limits::DEFAULT)
                .unwrap_err()
                .kind(),
            ErrorKind::Malformed
        );
    }

    #[test]
    fn saslprep_as_postgres_does_it() {
        assert_eq!(&*pg_saslprep(b"plain"), b"plain");
        // ASCII control characters: used as they are.
        assert_eq!(&*pg_saslprep(b"bell\x07char"), b"bell\x07char");
        // Soft hyphen dropped, NBSP to space, ligature decomposed by NFKC.
        assert_eq!(&*pg_saslprep("soft\u{ad}hyphen".as_bytes()), b"softhyphen");
        assert_eq!(
            &*pg_saslprep("non\u{a0}breaking".as_bytes()),
            b"non breaking"
        );
        assert_eq!(&*pg_saslprep("\u{fb01}le-lig".as_bytes()), b"file-lig");
        // Not UTF-8, empty after mapping, prohibited, or bad bidi: the raw bytes.
        assert_eq!(&*pg_saslprep(b"caf\xe9"), b"caf\xe9");
        assert_eq!(&*pg_saslprep("\u{ad}".as_bytes()), "\u{ad}".as_bytes());
        assert_eq!(
            &*pg_saslprep("p\u{e000}ss\u{fb01}".as_bytes()),
            "p\u{e000}ss\u{fb01}".as_bytes()
        );
        assert_eq!(
            &*pg_saslprep("\u{5d0}a\u{5d0}".as_bytes()),
            "\u{5d0}a\u{5d0}".as_bytes()
        );
        assert_eq!(
            &*pg_saslprep("\u{5d0}\u{5d1}".as_bytes()),
            "\u{5d0}\u{5d1}".as_bytes()
        );
    }
}
