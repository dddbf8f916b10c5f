//! passlib's `bcrypt_sha256` (`$bcrypt-sha256$`): bcrypt over a SHA-256 pre-hash, so that
//! passwords are neither truncated at 72 bytes nor cut at a NUL. Produced by passlib/libpass
//! 1.6.2 and later (and applications built on it, e.g. Ansible, FastAPI tutorials).
//!
//! Two forms:
//! * v1 (passlib < 1.7.3): `$bcrypt-sha256$2a,12$salt$digest` (or `2b`): the bcrypt key is
//!   base64 (standard alphabet, padded: 44 bytes) of SHA-256(password).
//! * v2: `$bcrypt-sha256$v=2,t=2b,r=12$salt$digest`: the key is base64 of
//!   HMAC-SHA256(key = the 22-character salt *as written*, message = password). Only `2b`.
//!
//! The cost is written without leading zeros (`r=5`), 4..=31, and checked against
//! [`Limits::max_bcrypt_cost`]. Salt and digest are bcrypt's, canonically encoded. The whole
//! password counts: nothing is truncated.
//!
//! Weaknesses: as bcrypt's; the pre-hash adds nothing against guessing. Always upgraded.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest as _, Sha256};
use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::encoding::b64;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::ct_eq;
use crate::scheme::{Match, Scheme};

use super::bcrypt::{Variant, bcrypt_raw, decode_bcrypt64, encode_bcrypt64};

const ID: &str = "bcrypt_sha256";
const PREFIX: &str = "$bcrypt-sha256$";

struct Parsed<'a> {
    version: u8,
    variant: Variant,
    cost: u32,
    salt_text: &'a str,
    salt: [u8; 16],
    digest: &'a str,
}

fn cost(s: &str) -> Result<u32> {
    let bad = || {
        Error::malformed(
            ID,
            "rounds",
            "one or two decimal digits, 4..=31, no leading zero",
        )
    };
    if s.is_empty() || s.len() > 2 || s.starts_with('0') || !s.bytes().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let v: u32 = s.parse().map_err(|_| bad())?;
    if (4..=31).contains(&v) {
        Ok(v)
    } else {
        Err(bad())
    }
}

fn parse(hash: &str) -> Result<Parsed<'_>> {
    let rest = hash
        .strip_prefix(PREFIX)
        .ok_or_else(|| Error::malformed(ID, "prefix", "expected $bcrypt-sha256$"))?;
    let mut fields = rest.split('$');
    let (Some(params), Some(salt_text), Some(digest), None) =
        (fields.next(), fields.next(), fields.next(), fields.next())
    else {
        return Err(Error::malformed(
            ID,
            "format",
            "expected $bcrypt-sha256$params$salt$digest",
        ));
    };
    let (version, variant, rounds) = if let Some(v2) = params.strip_prefix("v=") {
        let mut kv = v2.split(',');
        let (Some(v), Some(t), Some(r), None) = (kv.next(), kv.next(), kv.next(), kv.next()) else {
            return Err(Error::malformed(ID, "params", "expected v=2,t=2b,r=N"));
        };
        if v != "2" {
            return Err(Error::malformed(ID, "version", "only v=2 has this form"));
        }
        if t != "t=2b" {
            return Err(Error::malformed(ID, "type", "v=2 hashes use t=2b"));
        }
        let r = r
            .strip_prefix("r=")
            .ok_or_else(|| Error::malformed(ID, "params", "expected v=2,t=2b,r=N"))?;
        (2, Variant::B, r)
    } else {
        let (t, r) = params
            .split_once(',')
            .ok_or_else(|| Error::malformed(ID, "params", "expected 2a,N or 2b,N"))?;
        let variant = match t {
            "2a" => Variant::A,
            "2b" => Variant::B,
            _ => return Err(Error::malformed(ID, "type", "v1 hashes use 2a or 2b")),
        };
        (1, variant, r)
    };
    let cost = cost(rounds)?;
    let salt = decode_bcrypt64::<16>(salt_text).ok_or_else(|| {
        Error::malformed(
            ID,
            "salt",
            "22 characters of ./A-Za-z0-9, canonically encoded",
        )
    })?;
    if decode_bcrypt64::<23>(digest).is_none() {
        return Err(Error::malformed(
            ID,
            "digest",
            "31 characters of ./A-Za-z0-9, canonically encoded",
        ));
    }
    Ok(Parsed {
        version,
        variant,
        cost,
        salt_text,
        salt,
        digest,
    })
}

/// The bcrypt key passlib derives from `password`: base64 of SHA-256 (v1) or of HMAC-SHA256
/// keyed with the salt text (v2).
fn prehash(password: &[u8], version: u8, salt_text: &str) -> Zeroizing<String> {
    let digest: Zeroizing<[u8; 32]> = Zeroizing::new(if version == 1 {
        Sha256::digest(password).into()
    } else {
        match <Hmac<Sha256> as KeyInit>::new_from_slice(salt_text.as_bytes()) {
            Ok(mut mac) => {
                mac.update(password);
                mac.finalize().into_bytes().into()
            }
            // HMAC takes keys of any length.
            Err(_) => [0; 32],
        }
    });
    Zeroizing::new(b64::encode(&b64::STANDARD, digest.as_ref()))
}

/// passlib's bcrypt-sha256.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct BcryptSha256;

impl Scheme for BcryptSha256 {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &[PREFIX]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(hash.starts_with(PREFIX))
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = parse(cred.hash())?;
        limits.bcrypt(ID, p.cost, 1)?;
        let key = prehash(password, p.version, p.salt_text);
        let raw = bcrypt_raw(key.as_bytes(), &p.salt, p.cost, p.variant);
        let ours = Zeroizing::new(encode_bcrypt64(raw.as_ref()));
        Ok(ct_eq(ours.as_bytes(), p.digest.as_bytes()))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = parse(cred.hash())?;
        limits.bcrypt(ID, p.cost, 1)?;
        Ok(vec![
            ("version", p.version.to_string()),
            ("type", p.variant.marker().trim_matches('$').to_owned()),
            ("cost", p.cost.to_string()),
            ("salt", p.salt_text.to_owned()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn check(pw: &[u8], hash: &str) -> bool {
        BcryptSha256
            .verify(pw, &Credential::new(hash), &Limits::DEFAULT)
            .unwrap()
    }

    #[test]
    fn known_answers() {
        // passlib's test vectors.
        assert!(check(
            b"",
            "$bcrypt-sha256$2a,5$E/e/2AOhqM5W/KJTFQzLce$F6dYSxOdAEoJZO2eoHUZWZljW/e0TXO"
        ));
        assert!(check(
            b"password",
            "$bcrypt-sha256$2b,5$5Hg1DKFqPE8C2aflZ5vVoe$12BjNE0p7axMg55.Y/mHsYiVuFBDQyu"
        ));
        assert!(check(
            b"password",
            "$bcrypt-sha256$v=2,t=2b,r=5$5Hg1DKFqPE8C2aflZ5vVoe$wOK1VFFtS8IGTrGa7.h5fs0u84qyPbS"
        ));
        let long = b"abc123".repeat(12);
        assert!(check(
            &long,
            "$bcrypt-sha256$v=2,t=2b,r=5$X1g1nh3g0v4h6970O68cxe$zu1cloESVFIOsUIo7fCEgkdHaI9SSue"
        ));
        let mut longer = long.clone();
        longer.extend_from_slice(b"qwr");
        assert!(check(
            &longer,
            "$bcrypt-sha256$v=2,t=2b,r=5$X1g1nh3g0v4h6970O68cxe$CBF9csfEdW68xv3DwE6xSULXMtqEFP."
        ));
        assert!(!check(
            &long,
            "$bcrypt-sha256$v=2,t=2b,r=5$X1g1nh3g0v4h6970O68cxe$CBF9csfEdW68xv3DwE6xSULXMtqEFP."
        ));
        assert!(!BcryptSha256.truncates(&longer));
    }

    #[test]
    fn rejects_malformed() {
        for h in [
            "$bcrypt-sha256$2a,5$5Hg1DKF!PE8C2aflZ5vVoe$12BjNE0p7axMg55.Y/mHsYiVuFBDQyu",
            "$bcrypt-sha256$2c,5$5Hg1DKFqPE8C2aflZ5vVoe$12BjNE0p7axMg55.Y/mHsYiVuFBDQyu",
            "$bcrypt-sha256$2x,5$5Hg1DKFqPE8C2aflZ5vVoe$12BjNE0p7axMg55.Y/mHsYiVuFBDQyu",
            "$bcrypt-sha256$2a,05$5Hg1DKFqPE8C2aflZ5vVoe$12BjNE0p7axMg55.Y/mHsYiVuFBDQyu",
            "$bcrypt-sha256$2a,5$5Hg1DKFqPE8C2aflZ5vVoe$",
            "$bcrypt-sha256$v=2,t=2b,r=5$5Hg1DKF!PE8C2aflZ5vVoe$12BjNE0p7axMg55.Y/mHsYiVuFBDQyu",
            "$bcrypt-sha256$v=1,t=2b,r=5$5Hg1DKFqPE8C2aflZ5vVoe$12BjNE0p7axMg55.Y/mHsYiVuFBDQyu",
            "$bcrypt-sha256$v=3,t=2b,r=5$5Hg1DKFqPE8C2aflZ5vVoe$12BjNE0p7axMg55.Y/mHsYiVuFBDQyu",
            "$bcrypt-sha256$v=2,t=2c,r=5$5Hg1DKFqPE8C2aflZ5vVoe$12BjNE0p7axMg55.Y/mHsYiVuFBDQyu",
            "$bcrypt-sha256$v=2,t=2a,r=5$5Hg1DKFqPE8C2aflZ5vVoe$12BjNE0p7axMg55.Y/mHsYiVuFBDQyu",
            "$bcrypt-sha256$v=2,t=2b,r=05$5Hg1DKFqPE8C2aflZ5vVoe$12BjNE0p7axMg55.Y/mHsYiVuFBDQyu",
            "$bcrypt-sha256$v=2,t=2b,r=3$5Hg1DKFqPE8C2aflZ5vVoe$12BjNE0p7axMg55.Y/mHsYiVuFBDQyu",
            "$bcrypt-sha256$v=2,t=2b,r=5$5Hg1DKFqPE8C2aflZ5vVoe$",
            "$bcrypt-sha256$v=2,t=2b,r=5$5Hg1DKFqPE8C2aflZ5vVoe",
        ] {
            let e = BcryptSha256
                .verify(b"x", &Credential::new(h), &Limits::DEFAULT)
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed, "{h}");
        }
        let e = BcryptSha256
            .verify(
                b"x",
                &Credential::new(
                    "$bcrypt-sha256$v=2,t=2b,r=31$5Hg1DKFqPE8C2aflZ5vVoe$12BjNE0p7axMg55.Y/mHsYiVuFBDQyu",
                ),
                &Limits::DEFAULT,
            )
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Limit);
    }
}
