//! SHA-crypt (`$5$` SHA-256, `$6$` SHA-512): Ulrich Drepper's 2007 specification, the default
//! `/etc/shadow` hash of most Linux distributions before yescrypt.
//!
//! Producers: glibc and libxcrypt `crypt(3)`, `mkpasswd`, `openssl passwd -5/-6`, PHP
//! `crypt()`, Apache `htpasswd -2/-5`, passlib, Dovecot (`{SHA512-CRYPT}`).
//!
//! Format: `$6$[rounds=N$]salt$digest`. The algorithm is computed here rather than by the
//! `sha-crypt` crate: its setup through `sha2`'s hashers, its rounds on prepared messages
//! straight through `sha2`'s block functions (`primitives/crypt_rounds.rs`), which is what
//! makes them faster than libxcrypt's. Quirks handled here:
//! * `rounds=` is omitted when it is the default 5000 (glibc writes it only when the caller
//!   asked for a count); an explicit `rounds=5000` is also valid.
//! * Counts follow libxcrypt: decimal, no leading zero, 1000 ..= 999,999,999. glibc silently
//!   clamps out-of-range requests but always writes the clamped value, so a stored string outside
//!   the range was not written by either: it is malformed. Counts are then checked against
//!   [`Limits::max_crypt_rounds`] before any work.
//! * The salt is everything up to the next `$`, at most 16 bytes (producers cut longer salts
//!   and write the cut salt), any characters but `$`, `:` and newline, and may be empty
//!   (`$6$$...`, which the crate refuses but glibc and libxcrypt produce).
//! * The password is a C string: a NUL ends it (`truncates` reports such passwords). Its cost is
//!   quadratic in its length; the global password length limit bounds it.
//!
//! Weaknesses: iterated SHA-2 is cheap on GPUs; 5000 rounds is far below today's guidance.

use digest::Digest;
use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::encoding::crypt64;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::block_hash::{BlockHash, Sha256, Sha512};
use crate::primitives::crypt_rounds::crypt_rounds;
use crate::primitives::{Algorithm, ct_eq};
use crate::scheme::{Match, Scheme};

use super::common::{c_str, check_le, rounds_field};

/// Rounds when the string names none.
pub(crate) const DEFAULT_ROUNDS: u64 = 5000;
const MIN_ROUNDS: u64 = 1000;
const MAX_ROUNDS: u64 = 999_999_999;
const MAX_SALT: usize = 16;

/// Byte order of SHA-256-crypt's final encoding (groups of three, little-endian crypt64); MySQL's
/// `caching_sha2_password` encodes the same way.
pub(crate) const ORDER_256: [usize; 32] = [
    20, 10, 0, 11, 1, 21, 2, 22, 12, 23, 13, 3, 14, 4, 24, 5, 25, 15, 26, 16, 6, 17, 7, 27, 8, 28,
    18, 29, 19, 9, 30, 31,
];

/// Byte order of SHA-512-crypt's final encoding.
const ORDER_512: [usize; 64] = [
    42, 21, 0, 1, 43, 22, 23, 2, 44, 45, 24, 3, 4, 46, 25, 26, 5, 47, 48, 27, 6, 7, 49, 28, 29, 8,
    50, 51, 30, 9, 10, 52, 31, 32, 11, 53, 54, 33, 12, 13, 55, 34, 35, 14, 56, 57, 36, 15, 16, 58,
    37, 38, 17, 59, 60, 39, 18, 19, 61, 40, 41, 20, 62, 63,
];

/// SHA-256-crypt or SHA-512-crypt.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ShaCrypt {
    id: &'static str,
    magic: &'static str,
    digest_chars: usize,
}

impl ShaCrypt {
    /// `$5$`.
    pub(crate) const SHA256: ShaCrypt = ShaCrypt {
        id: "sha256_crypt",
        magic: "$5$",
        digest_chars: 43,
    };
    /// `$6$`.
    pub(crate) const SHA512: ShaCrypt = ShaCrypt {
        id: "sha512_crypt",
        magic: "$6$",
        digest_chars: 86,
    };

    /// Work units of one round for a password of `password_len` bytes and a salt of `salt_len`.
    fn round_cost(&self, password_len: usize, salt_len: usize) -> u64 {
        let alg = if self.digest_chars == 43 {
            Algorithm::Sha256
        } else {
            Algorithm::Sha512
        };
        crate::cost::sha_crypt_round(alg, password_len as u64, salt_len as u64)
    }

    /// Split `hash` into (rounds, salt, digest), validating all three and the rounds limit.
    fn parse<'a>(&self, hash: &'a str, limits: &Limits) -> Result<(u64, &'a str, &'a str)> {
        let id = self.id;
        let mut rest = hash
            .strip_prefix(self.magic)
            .ok_or_else(|| Error::malformed(id, "prefix", format!("expected {}", self.magic)))?;
        let mut rounds = DEFAULT_ROUNDS;
        if let Some(after) = rest.strip_prefix("rounds=") {
            let (n, tail) = after
                .split_once('$')
                .ok_or_else(|| Error::malformed(id, "rounds", "missing '$' after the count"))?;
            rounds = rounds_field(id, "rounds", n, MIN_ROUNDS, MAX_ROUNDS)?;
            rest = tail;
        }
        let (salt, digest) = rest
            .split_once('$')
            .ok_or_else(|| Error::malformed(id, "digest", "missing '$' after the salt"))?;
        if salt.len() > MAX_SALT || salt.contains([':', '\n', '\0']) {
            return Err(Error::malformed(
                id,
                "salt",
                "at most 16 bytes, without ':' or newline",
            ));
        }
        check_le(id, "digest", digest, self.digest_chars)?;
        limits.rounds(id, rounds, self.round_cost(0, salt.len()))?;
        Ok((rounds, salt, digest))
    }

    /// SHA-256-crypt (`sha512` false) or SHA-512-crypt.
    pub(crate) const fn of(sha512: bool) -> ShaCrypt {
        if sha512 { Self::SHA512 } else { Self::SHA256 }
    }

    /// Check `rounds` (a format's range and the limits) for a salt of `salt_len` bytes.
    ///
    /// # Errors
    /// `malformed` outside the format's range or for a salt over 16 bytes, `limit` over the
    /// rounds or work limits.
    pub(crate) fn check_rounds(&self, rounds: u64, salt_len: usize, limits: &Limits) -> Result<()> {
        if !(MIN_ROUNDS..=MAX_ROUNDS).contains(&rounds) {
            return Err(Error::malformed(
                self.id,
                "rounds",
                "outside 1000..=999999999",
            ));
        }
        if salt_len > MAX_SALT {
            return Err(Error::malformed(self.id, "salt", "at most 16 bytes"));
        }
        limits.rounds(self.id, rounds, self.round_cost(0, salt_len))
    }

    /// The digest text of `password` (as given: the caller cuts it at a NUL).
    pub(crate) fn text(&self, password: &[u8], salt: &[u8], rounds: u64) -> String {
        self.compute(password, salt, rounds)
    }

    /// The credential as a portable step (the digest is the stored digest text).
    pub(crate) fn portable(
        &self,
        cred: &Credential,
        limits: &Limits,
    ) -> Result<crate::schemes::portable::Portable> {
        let (rounds, salt, digest) = self.parse(cred.hash(), limits)?;
        Ok(crate::schemes::portable::Portable {
            step: crate::schemes::portable::Step::ShaCrypt {
                sha512: self.digest_chars == Self::SHA512.digest_chars,
                rounds,
                salt: salt.as_bytes().to_vec(),
            },
            digest: digest.as_bytes().to_vec(),
            scheme: self.id,
        })
    }

    fn compute(&self, password: &[u8], salt: &[u8], rounds: u64) -> String {
        if self.digest_chars == 43 {
            let raw = sha256_crypt_raw(password, salt, rounds);
            crypt64::encode_le_transposed(raw.as_ref(), &ORDER_256)
        } else {
            let raw = sha512_crypt_raw(password, salt, rounds);
            crypt64::encode_le_transposed(raw.as_ref(), &ORDER_512)
        }
    }
}

/// The raw SHA-256-crypt function: the 32-byte digest (before transposition and encoding) of
/// `password` (as given: the caller cuts it at a NUL) for `salt` (as given: `$5$` cuts it at 16
/// bytes, MySQL's `caching_sha2_password` uses all 20) and `rounds` (bounded by the caller).
pub(crate) fn sha256_crypt_raw(password: &[u8], salt: &[u8], rounds: u64) -> Zeroizing<[u8; 32]> {
    let full = sha_crypt_raw::<64, Sha256>(password, salt, rounds);
    let mut out = Zeroizing::new([0u8; 32]);
    out.copy_from_slice(&full[..32]);
    out
}

/// The raw SHA-512-crypt function: the 64-byte digest, as [`sha256_crypt_raw`].
pub(crate) fn sha512_crypt_raw(password: &[u8], salt: &[u8], rounds: u64) -> Zeroizing<[u8; 64]> {
    sha_crypt_raw::<128, Sha512>(password, salt, rounds)
}

/// The raw SHA-crypt function (Drepper's steps 1 to 21) for SHA-256 or SHA-512: the digest
/// (in the first `H::LEN` bytes) of `password` for `salt` (as given: the caller cuts it) and
/// `rounds`.
fn sha_crypt_raw<const B: usize, H: BlockHash<B>>(
    password: &[u8],
    salt: &[u8],
    rounds: u64,
) -> Zeroizing<[u8; 64]> {
    let n = H::LEN;
    // Steps 4-8: digest B of password, salt, password.
    let b = Zeroizing::new(
        H::Digest::new()
            .chain_update(password)
            .chain_update(salt)
            .chain_update(password)
            .finalize(),
    );
    // Steps 1-3, 9-12: digest A.
    let mut ctx = H::Digest::new().chain_update(password).chain_update(salt);
    for chunk in password.chunks(n) {
        ctx.update(&b[..chunk.len()]);
    }
    let mut bits = password.len();
    while bits > 0 {
        ctx.update(if bits & 1 == 1 { &b[..] } else { password });
        bits >>= 1;
    }
    let mut c = Zeroizing::new([0u8; 64]);
    c[..n].copy_from_slice(&ctx.finalize());
    // Steps 13-16: the byte sequence P, from the digest of the password repeated once per byte.
    let mut ctx = H::Digest::new();
    for _ in 0..password.len() {
        ctx.update(password);
    }
    let dp = Zeroizing::new(ctx.finalize());
    let p: Zeroizing<Vec<u8>> =
        Zeroizing::new(dp.iter().copied().cycle().take(password.len()).collect());
    // Steps 17-20: the byte sequence S, from the salt repeated 16 + A[0] times.
    let mut ctx = H::Digest::new();
    for _ in 0..16 + usize::from(c[0]) {
        ctx.update(salt);
    }
    let ds = ctx.finalize();
    let s: Vec<u8> = ds.iter().copied().cycle().take(salt.len()).collect();
    // Step 21.
    crypt_rounds::<B, H>(&p, &s, &mut c[..n], rounds);
    c
}

impl Scheme for ShaCrypt {
    fn id(&self) -> &str {
        self.id
    }

    fn prefixes(&self) -> &[&'static str] {
        std::slice::from_ref(&self.magic)
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(hash.starts_with(self.magic))
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let (rounds, salt, digest) = self.parse(cred.hash(), limits)?;
        let password = c_str(password);
        // Every round hashes the password again: its length multiplies the work.
        limits.rounds(self.id, rounds, self.round_cost(password.len(), salt.len()))?;
        let ours = Zeroizing::new(self.compute(password, salt.as_bytes(), rounds));
        Ok(ct_eq(ours.as_bytes(), digest.as_bytes()))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (rounds, salt, _) = self.parse(cred.hash(), limits)?;
        Ok(vec![
            ("rounds", rounds.to_string()),
            ("salt", salt.to_owned()),
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

    fn check(s: &ShaCrypt, pw: &[u8], hash: &str) -> bool {
        s.verify(pw, &Credential::new(hash), &Limits::DEFAULT)
            .unwrap()
    }

    #[test]
    fn known_answers() {
        // libxcrypt's known-answer table (implicit and explicit rounds).
        assert!(check(
            &ShaCrypt::SHA256,
            b"Hello world!",
            "$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5"
        ));
        assert!(check(
            &ShaCrypt::SHA512,
            b"Hello world!",
            "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1"
        ));
        assert!(check(
            &ShaCrypt::SHA512,
            b"Hello world!",
            "$6$rounds=1000$saltstring$Zu2Vknok2/f53APfN687ADnzeNBLcsEgTwvcBHMD2./07rZQAt8vsuKVufD15dyZh.LOLB/uZKf6I3GyON4bp/"
        ));
        assert!(check(
            &ShaCrypt::SHA256,
            b"abc",
            "$5$rounds=1000$saltstring$n1MEWFPd1lEE7/KU5DhSUSLK1IJKM0A7BOA1Fk2uBa1"
        ));
        assert!(!check(
            &ShaCrypt::SHA256,
            b"Hello world?",
            "$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5"
        ));
        // libxcrypt: empty salt.
        assert!(!check(
            &ShaCrypt::SHA512,
            b"passwore",
            "$6$$bLTg4cpho8PIUrjfsE7qlU08Qx2UEfw..xOc6I1wpGVtyVYToGrr7BzRdAAnEr5lYFr1Z9WcCf1xNZ1HG9qFW1"
        ));
        assert!(check(
            &ShaCrypt::SHA512,
            b"password",
            "$6$$bLTg4cpho8PIUrjfsE7qlU08Qx2UEfw..xOc6I1wpGVtyVYToGrr7BzRdAAnEr5lYFr1Z9WcCf1xNZ1HG9qFW1"
        ));
        // A C string: the NUL ends the password.
        assert!(check(
            &ShaCrypt::SHA256,
            b"Hello world!\0tail",
            "$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5"
        ));
        assert!(ShaCrypt::SHA256.truncates(b"a\0b"));
    }

    #[test]
    fn rejects_malformed() {
        let d = "5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5";
        for (h, kind) in [
            (format!("$5$saltstring${}", &d[..42]), ErrorKind::Malformed),
            (format!("$5$saltstring${d}A"), ErrorKind::Malformed),
            (format!("$5$saltstring${d} "), ErrorKind::Malformed),
            (format!("$5$saltstringsaltstring${d}"), ErrorKind::Malformed),
            (format!("$5$salt:string${d}"), ErrorKind::Malformed),
            (format!("$5$rounds=999$salt${d}"), ErrorKind::Malformed),
            (format!("$5$rounds=01000$salt${d}"), ErrorKind::Malformed),
            (format!("$5$rounds=-5000$salt${d}"), ErrorKind::Malformed),
            (format!("$5$rounds=1000 $salt${d}"), ErrorKind::Malformed),
            (
                format!("$5$rounds=4294967296$salt${d}"),
                ErrorKind::Malformed,
            ),
            (
                format!("$5$rounds=999999999999999999999$salt${d}"),
                ErrorKind::Malformed,
            ),
            (format!("$5$rounds=999999999$salt${d}"), ErrorKind::Limit),
            ("$5$saltstring".to_owned(), ErrorKind::Malformed),
            ("$5$rounds=5000".to_owned(), ErrorKind::Malformed),
        ] {
            let e = ShaCrypt::SHA256
                .verify(b"x", &Credential::new(h.clone()), &Limits::DEFAULT)
                .unwrap_err();
            assert_eq!(e.kind(), kind, "{h}");
        }
    }
}
