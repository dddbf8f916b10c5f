//! NetBSD's SHA-1 crypt (`$sha1$rounds$salt$digest`), NetBSD 1.6 and later; libxcrypt and
//! passlib verify and produce it.
//!
//! PBKDF1-style iteration of HMAC-SHA1 keyed with the password: the first message is
//! `salt ‖ "$sha1$" ‖ rounds` (the count in decimal), each further round hashes the previous
//! 20-byte output. The digest is 28 characters of little-endian crypt64 over the output bytes
//! taken big-endian in threes, the last group being bytes 18, 19 and 0.
//!
//! The count must be canonical decimal of at least 1 (libxcrypt re-prints the count it parsed,
//! so a zero-padded count never verifies there) and within [`Limits::max_crypt_rounds`]; the
//! salt is up to 64 characters of `./0-9A-Za-z`, possibly none (passlib writes `$sha1$N$$...`
//! when asked for `salt_size=0`, and verifies it). The password is a C string (a NUL ends it;
//! `truncates` reports it).
//!
//! Weaknesses: HMAC-SHA1 iterations are cheap on GPUs; NetBSD's default is about 24,680.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::encoding::crypt64;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq};
use crate::scheme::{Match, Scheme};

use super::common::{c_str, check_le, rounds_field};

const ID: &str = "sha1_crypt";
const MAX_SALT: usize = 64;

/// Byte order of the final encoding: each group of three read big-endian, the last one
/// completed with byte 0.
const ORDER: [usize; 21] = [
    2, 1, 0, 5, 4, 3, 8, 7, 6, 11, 10, 9, 14, 13, 12, 17, 16, 15, 0, 19, 18,
];

/// The raw 20-byte sha1-crypt output for `password`, `salt` (as written) and `rounds` (≥ 1).
pub(crate) fn sha1_crypt_raw(password: &[u8], salt: &[u8], rounds: u64) -> Zeroizing<[u8; 20]> {
    let mut out = Zeroizing::new([0u8; 20]);
    // HMAC takes keys of any length: this cannot fail.
    let Ok(keyed) = <Hmac<Sha1> as KeyInit>::new_from_slice(password) else {
        return out;
    };
    let mut mac = keyed.clone();
    mac.update(salt);
    mac.update(b"$sha1$");
    mac.update(rounds.to_string().as_bytes());
    out.copy_from_slice(&mac.finalize().into_bytes());
    for _ in 1..rounds {
        let mut mac = keyed.clone();
        mac.update(out.as_ref());
        out.copy_from_slice(&mac.finalize().into_bytes());
    }
    out
}

struct Parsed<'a> {
    rounds: u64,
    salt: &'a str,
    digest: &'a str,
}

fn parse<'a>(hash: &'a str, limits: &Limits) -> Result<Parsed<'a>> {
    let rest = hash
        .strip_prefix("$sha1$")
        .ok_or_else(|| Error::malformed(ID, "prefix", "expected $sha1$"))?;
    let mut fields = rest.splitn(3, '$');
    let (Some(rounds), Some(salt), Some(digest)) = (fields.next(), fields.next(), fields.next())
    else {
        return Err(Error::malformed(
            ID,
            "format",
            "expected $sha1$rounds$salt$digest",
        ));
    };
    let rounds = rounds_field(ID, "rounds", rounds, 1, u64::from(u32::MAX))?;
    if salt.len() > MAX_SALT || !crypt64::is_crypt64(salt) {
        return Err(Error::malformed(
            ID,
            "salt",
            "up to 64 characters of ./0-9A-Za-z",
        ));
    }
    check_le(ID, "digest", digest, 28)?;
    // Each round is an HMAC-SHA1 with the password as its key: two short digests.
    limits.rounds(ID, rounds, 2 * crate::cost::digest(Algorithm::Sha1, 40))?;
    Ok(Parsed {
        rounds,
        salt,
        digest,
    })
}

/// NetBSD sha1-crypt.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Sha1Crypt;

impl Scheme for Sha1Crypt {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &["$sha1$"]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(hash.starts_with("$sha1$"))
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = parse(cred.hash(), limits)?;
        let raw = sha1_crypt_raw(c_str(password), p.salt.as_bytes(), p.rounds);
        let ours = crypt64::encode_le_transposed(raw.as_ref(), &ORDER);
        Ok(ct_eq(ours.as_bytes(), p.digest.as_bytes()))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = parse(cred.hash(), limits)?;
        Ok(vec![
            ("rounds", p.rounds.to_string()),
            ("salt", p.salt.to_owned()),
        ])
    }

    fn truncates(&self, password: &[u8]) -> bool {
        password.contains(&0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn check(pw: &[u8], hash: &str) -> bool {
        Sha1Crypt
            .verify(pw, &Credential::new(hash), &Limits::DEFAULT)
            .unwrap()
    }

    #[test]
    fn known_answers() {
        // libxcrypt's table.
        assert!(check(
            b"",
            "$sha1$12$GGXpNqoJvglVTkGU$24ApQz0YcjniaKRybMfRK5DJIz6n"
        ));
        assert!(check(
            b"",
            "$sha1$456$GGXpNqoJvglVTkGU$LzqiYdGaEExjTzfTk7H73qMJvK.o"
        ));
        assert!(!check(
            b" ",
            "$sha1$12$GGXpNqoJvglVTkGU$24ApQz0YcjniaKRybMfRK5DJIz6n"
        ));
        // passlib sha1_crypt.using(salt_size=0): an empty salt.
        assert!(check(b"abcdefg", "$sha1$5$$iwDxuxWPZaPsCzN5QXjF0XV9oXuK"));
        assert!(!check(b"bcdefg", "$sha1$5$$iwDxuxWPZaPsCzN5QXjF0XV9oXuK"));
    }

    #[test]
    fn rejects_malformed() {
        let d = "24ApQz0YcjniaKRybMfRK5DJIz6n";
        for (h, kind) in [
            (
                format!("$sha1$012$GGXpNqoJvglVTkGU${d}"),
                ErrorKind::Malformed,
            ),
            (
                format!("$sha1$0$GGXpNqoJvglVTkGU${d}"),
                ErrorKind::Malformed,
            ),
            (
                format!("$sha1$12$GGXp!qoJvglVTkGU${d}"),
                ErrorKind::Malformed,
            ),
            (
                format!("$sha1$12$GGXpNqoJvglVTkGU${d}x"),
                ErrorKind::Malformed,
            ),
            ("$sha1$12$GGXpNqoJvglVTkGU".to_owned(), ErrorKind::Malformed),
            (
                format!("$sha1$4294967295$GGXpNqoJvglVTkGU${d}"),
                ErrorKind::Limit,
            ),
        ] {
            let e = Sha1Crypt
                .verify(b"x", &Credential::new(h.clone()), &Limits::DEFAULT)
                .unwrap_err();
            assert_eq!(e.kind(), kind, "{h}");
        }
    }
}
