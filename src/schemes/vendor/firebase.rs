//! Firebase Authentication's modified scrypt (`firebase_scrypt`), as `firebase auth:export` and
//! the console's "Password hash parameters" dialog hand it out.
//!
//! Each user has a `passwordHash` and a `passwordSalt` (both base64); the project has a
//! `hash_config` shared by every user:
//!
//! ```text
//! hash_config { algorithm: SCRYPT, base64_signer_key: jxspr8Ki0R..., base64_salt_separator: Bw==,
//!               rounds: 8, mem_cost: 14 }
//! ```
//!
//! The stored hash is the signer key encrypted with AES-256-CTR (zero IV) under a key derived by
//! scrypt(password, salt || salt_separator, N = 2^mem_cost, r = rounds, p = 1). Only the first 32
//! bytes of scrypt's output are used, so the hash is as long as the signer key (64 bytes for
//! console projects). Reference: github.com/firebase/scrypt and the npm `firebase-scrypt` package.
//!
//! The caller must supply the salt (`Credential::with_salt`, decoded from base64) and the four
//! project parameters: `base64_signer_key`, `base64_salt_separator`, `rounds`, `mem_cost`. The
//! camelCase spellings of Firebase's REST API and Admin SDKs (`signerKey`, `saltSeparator`,
//! `memCost`/`memoryCost`) are accepted too. The hash itself is bare base64, so the format cannot
//! be recognised from the string: it needs the scheme hint.
//!
//! Weaknesses: Firebase's own parameters (N = 2^14, r = 8) are moderate; the signer key is a
//! project secret, and anyone holding it with an export can attack every user offline. Always
//! upgraded on login.

use aes::Aes256;
use ctr::Ctr128BE;
use ctr::cipher::{KeyIvInit, StreamCipher};
use zeroize::Zeroizing;

use super::common::base64_field;
use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::scrypt::{ScryptCost, derive as scrypt};
use crate::primitives::{ct_eq, number};
use crate::scheme::{Match, Scheme};

const ID: &str = "firebase_scrypt";

/// The project parameters, each with the spellings Firebase tools use for it (export dialog
/// first; that name is the one errors report).
const SIGNER_KEY: &[&str] = &["base64_signer_key", "signerKey"];
const SALT_SEPARATOR: &[&str] = &["base64_salt_separator", "saltSeparator"];
const ROUNDS: &[&str] = &["rounds"];
const MEM_COST: &[&str] = &["mem_cost", "memCost", "memoryCost"];

/// Firebase scrypt with project parameters supplied beside each credential.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct FirebaseScrypt;

/// A validated credential: everything decoded and bounded, nothing computed.
struct Parsed<'a> {
    hash: Vec<u8>,
    salt: &'a [u8],
    signer_key: Zeroizing<Vec<u8>>,
    separator: Vec<u8>,
    rounds: u64,
    mem_cost: u64,
}

impl Parsed<'_> {
    fn n(&self) -> u64 {
        // `parse` has checked mem_cost < 64.
        1u64 << self.mem_cost
    }
}

fn param<'a>(cred: &'a Credential, names: &[&str]) -> Option<&'a str> {
    names.iter().find_map(|n| cred.params().get(n))
}

fn parse<'a>(cred: &'a Credential, limits: &Limits) -> Result<Parsed<'a>> {
    let signer = param(cred, SIGNER_KEY);
    let separator = param(cred, SALT_SEPARATOR);
    let rounds = param(cred, ROUNDS);
    let mem_cost = param(cred, MEM_COST);
    let mut missing = Vec::new();
    for (value, names) in [
        (signer, SIGNER_KEY),
        (separator, SALT_SEPARATOR),
        (rounds, ROUNDS),
        (mem_cost, MEM_COST),
    ] {
        if value.is_none() {
            missing.push(format!("params.{}", names[0]));
        }
    }
    if cred.salt().is_none() {
        missing.push("salt".to_owned());
    }
    let (Some(signer), Some(separator), Some(rounds), Some(mem_cost), Some(salt)) =
        (signer, separator, rounds, mem_cost, cred.salt())
    else {
        return Err(Error::missing(ID, missing.join(", ")));
    };

    let rounds = number::decimal(ID, "rounds", rounds)?;
    let mem_cost = number::decimal(ID, "mem_cost", mem_cost)?;
    if mem_cost >= 64 {
        return Err(Error::limit(ID, "mem_cost", mem_cost, 63, ""));
    }
    limits.scrypt(ID, 1u64 << mem_cost, rounds, 1)?;

    let signer_key = Zeroizing::new(base64_field(ID, "base64_signer_key", signer)?);
    if signer_key.is_empty() {
        return Err(Error::malformed(ID, "base64_signer_key", "empty"));
    }
    limits.output_len(ID, signer_key.len())?;
    let separator = base64_field(ID, "base64_salt_separator", separator)?;
    let hash = base64_field(ID, "hash", cred.hash())?;
    if hash.len() != signer_key.len() {
        return Err(Error::malformed(
            ID,
            "hash",
            format!(
                "{} bytes, but the signer key has {}: the hash is the encrypted signer key",
                hash.len(),
                signer_key.len()
            ),
        ));
    }
    Ok(Parsed {
        hash,
        salt,
        signer_key,
        separator,
        rounds,
        mem_cost,
    })
}

/// The raw Firebase scrypt function: the signer key encrypted under the password-derived key.
/// `n` is scrypt's N (a power of two), bounded by `limits` before any work.
pub(crate) fn firebase_scrypt_raw(
    password: &[u8],
    salt: &[u8],
    separator: &[u8],
    signer_key: &[u8],
    n: u64,
    rounds: u64,
    limits: &Limits,
) -> Result<Zeroizing<Vec<u8>>> {
    let mut full_salt = Vec::with_capacity(salt.len() + separator.len());
    full_salt.extend_from_slice(salt);
    full_salt.extend_from_slice(separator);
    let cost = ScryptCost::scrypt(n, rounds, 1);
    let key = scrypt(ID, password, &full_salt, cost, 32, limits)?;
    let mut cipher = Ctr128BE::<Aes256>::new_from_slices(&key, &[0u8; 16])
        .map_err(|_| Error::malformed(ID, "key", "AES-256 needs a 32-byte key"))?;
    let mut out = Zeroizing::new(signer_key.to_vec());
    cipher.apply_keystream(&mut out);
    Ok(out)
}

/// A signer key parameter's bytes (base64, either alphabet), wiped on drop.
///
/// # Errors
/// [`crate::ErrorKind::Malformed`] for text that is not base64 or decodes to nothing.
pub(crate) fn signer_key(text: &str) -> Result<Zeroizing<Vec<u8>>> {
    let key = Zeroizing::new(base64_field(ID, "base64_signer_key", text)?);
    if key.is_empty() {
        return Err(Error::malformed(ID, "base64_signer_key", "empty"));
    }
    Ok(key)
}

/// The credential as a portable step, with the project's signer key.
pub(crate) fn portable(
    cred: &Credential,
    limits: &Limits,
) -> Result<crate::schemes::portable::Portable> {
    let p = parse(cred, limits)?;
    Ok(crate::schemes::portable::Portable {
        step: crate::schemes::portable::Step::FirebaseScrypt {
            salt: p.salt.to_vec(),
            separator: p.separator,
            rounds: p.rounds,
            mem_cost: p.mem_cost,
            signer_key: Some(p.signer_key),
        },
        digest: p.hash,
        scheme: ID,
    })
}

impl Scheme for FirebaseScrypt {
    fn id(&self) -> &str {
        ID
    }

    fn identify(&self, _hash: &str) -> Match {
        // Bare base64: indistinguishable from any other base64 digest column.
        Match::No
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = parse(cred, limits)?;
        let ours = firebase_scrypt_raw(
            password,
            p.salt,
            &p.separator,
            &p.signer_key,
            p.n(),
            p.rounds,
            limits,
        )?;
        Ok(ct_eq(&ours, &p.hash))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = parse(cred, limits)?;
        Ok(vec![
            ("rounds", p.rounds.to_string()),
            ("mem_cost", p.mem_cost.to_string()),
            ("salt_bytes", p.salt.len().to_string()),
            ("hash_bytes", p.hash.len().to_string()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::encoding::b64;

    const SIGNER: &str =
        "jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==";

    /// The sample user of the firebase/scrypt README (project config rounds=8, mem_cost=14).
    fn sample() -> Credential {
        Credential::new(
            "lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ==",
        )
        .with_salt(b64::decode(&b64::STANDARD, "42xEC+ixf3L2lw==").unwrap())
        .with_param("base64_signer_key", SIGNER)
        .with_param("base64_salt_separator", "Bw==")
        .with_param("rounds", "8")
        .with_param("mem_cost", "14")
    }

    #[test]
    fn known_answer() {
        let l = Limits::DEFAULT;
        assert!(
            FirebaseScrypt
                .verify(b"user1password", &sample(), &l)
                .unwrap()
        );
        assert!(
            !FirebaseScrypt
                .verify(b"user1password1", &sample(), &l)
                .unwrap()
        );
    }

    #[test]
    fn camel_case_parameters() {
        let c = sample();
        let camel = Credential::new(c.hash())
            .with_salt(c.salt().unwrap().to_vec())
            .with_param("signerKey", SIGNER)
            .with_param("saltSeparator", "Bw==")
            .with_param("rounds", "8")
            .with_param("memCost", "14");
        assert!(
            FirebaseScrypt
                .verify(b"user1password", &camel, &Limits::DEFAULT)
                .unwrap()
        );
    }

    #[test]
    fn missing_context_is_named() {
        let c = sample();
        let no_salt = Credential::new(c.hash()).with_params(c.params().clone());
        let e = FirebaseScrypt
            .verify(b"x", &no_salt, &Limits::DEFAULT)
            .unwrap_err();
        assert_eq!(e, Error::missing(ID, "salt"));

        let mut p = c.params().clone();
        p = p
            .iter()
            .filter(|(k, _)| *k != "mem_cost")
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let e = FirebaseScrypt
            .verify(b"x", &c.clone().with_params(p), &Limits::DEFAULT)
            .unwrap_err();
        assert_eq!(e, Error::missing(ID, "params.mem_cost"));
    }

    #[test]
    fn refuses_bad_parameters_before_work() {
        let l = Limits::DEFAULT;
        for (key, value, kind) in [
            ("mem_cost", "40", ErrorKind::Limit),
            ("mem_cost", "99", ErrorKind::Limit),
            ("mem_cost", "0", ErrorKind::Malformed),
            ("mem_cost", "14.0", ErrorKind::Malformed),
            ("rounds", "0", ErrorKind::Malformed),
            ("rounds", "100000", ErrorKind::Limit),
            ("base64_signer_key", "!!notbase64!!", ErrorKind::Malformed),
            ("base64_signer_key", "AAAA", ErrorKind::Malformed),
            ("base64_salt_separator", "B", ErrorKind::Malformed),
        ] {
            let c = sample().with_param(key, value);
            let e = FirebaseScrypt.verify(b"x", &c, &l).unwrap_err();
            assert_eq!(e.kind(), kind, "{key}={value}: {e}");
        }
        let c = sample();
        let bad_hash = Credential::new("not base64!")
            .with_salt(c.salt().unwrap().to_vec())
            .with_params(c.params().clone());
        assert_eq!(
            FirebaseScrypt
                .verify(b"x", &bad_hash, &l)
                .unwrap_err()
                .kind(),
            ErrorKind::Malformed
        );
    }
}
