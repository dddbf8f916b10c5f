//! 389 Directory Server's `{PBKDF2_SHA256}`: the default `userPassword` scheme of 389-DS 1.3.x
//! and 1.4.x, Red Hat Directory Server 10-11 and FreeIPA 4.x (`passwordStorageScheme`).
//!
//! The value after the marker is base64 of 324 bytes, laid out by 389-DS's
//! `ldap/servers/plugins/pwdstorage/pbkdf2_pwd.c`:
//!
//! | bytes | field |
//! |---|---|
//! | 0-3 | iterations, unsigned 32-bit big-endian (8192 in 389-DS 1.3.x and `pwdhash` of 2.x; 1.4.x tunes it per server, 10,000 to 100,000) |
//! | 4-67 | salt, 64 random bytes |
//! | 68-323 | PBKDF2-HMAC-SHA256 of the password, 256 bytes |
//!
//! 389-DS compares the scheme name case-insensitively, so `{pbkdf2_sha256}` is read too. Its
//! later `{PBKDF2-SHA256}` (with a hyphen, the Rust plugin of 389-DS 1.4.4+) is OpenLDAP's
//! `rounds$salt$hash` layout, read by `ldap_pbkdf2_sha256`.
//!
//! Cost: 256 bytes of output are 8 PBKDF2 blocks, so one verify is 8 × iterations × 2 SHA-256
//! compressions, charged to the work budget before any work. Weaknesses: PBKDF2 is cheap on
//! GPUs (hashcat mode 10901); the 256-byte output costs the defender eight times what it costs
//! an attacker, who needs only the first block. Always upgraded.

use crate::credential::Credential;
use crate::encoding::{b64, hex};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq, pbkdf2};
use crate::scheme::{Match, Scheme};

use super::marker::Marked;

const ID: &str = "ds389_pbkdf2_sha256";
const NAME: &str = "PBKDF2_SHA256";
const SALT_LEN: usize = 64;
const KEY_LEN: usize = 256;
const TOTAL_LEN: usize = 4 + SALT_LEN + KEY_LEN;

/// 389-DS's `{PBKDF2_SHA256}` scheme.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Ds389Pbkdf2;

/// A value taken apart.
struct Parsed {
    iterations: u32,
    salt: [u8; SALT_LEN],
    key: Vec<u8>,
}

impl Ds389Pbkdf2 {
    /// The value's fields, its iterations checked against `limits` (with the work of 8 output
    /// blocks) before anything is computed.
    fn parse(hash: &str, limits: &Limits) -> Result<Parsed> {
        let m = Marked::expect(ID, hash, NAME)?;
        if m.suffix.is_some() {
            return Err(Error::malformed(ID, "prefix", "expected {PBKDF2_SHA256}"));
        }
        // 324 bytes are 432 base64 characters; anything longer is refused before decoding.
        if m.body.len() != TOTAL_LEN.div_ceil(3) * 4 {
            return Err(Error::malformed(
                ID,
                "value",
                format!("expected 432 base64 characters ({TOTAL_LEN} bytes)"),
            ));
        }
        let raw = b64::decode(&b64::STANDARD_PADDED, m.body)
            .ok_or_else(|| Error::malformed(ID, "value", "not valid base64"))?;
        if raw.len() != TOTAL_LEN {
            return Err(Error::malformed(
                ID,
                "value",
                format!("expected {TOTAL_LEN} bytes"),
            ));
        }
        let (head, rest) = raw.split_at(4);
        let (salt, key) = rest.split_at(SALT_LEN);
        let iterations = u32::from_be_bytes([head[0], head[1], head[2], head[3]]);
        limits.pbkdf2(ID, Algorithm::Sha256, u64::from(iterations), KEY_LEN)?;
        let mut s = [0u8; SALT_LEN];
        s.copy_from_slice(salt);
        Ok(Parsed {
            iterations,
            salt: s,
            key: key.to_vec(),
        })
    }
}

impl Scheme for Ds389Pbkdf2 {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &["{PBKDF2_SHA256}", "{pbkdf2_sha256}"]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(Marked::named(hash, NAME).is_some_and(|m| m.suffix.is_none()))
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = Self::parse(cred.hash(), limits)?;
        let ours = pbkdf2::derive(
            ID,
            Algorithm::Sha256,
            password,
            &p.salt,
            u64::from(p.iterations),
            KEY_LEN,
            limits,
        )?;
        Ok(ct_eq(&ours, &p.key))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = Self::parse(cred.hash(), limits)?;
        Ok(vec![
            ("iterations", p.iterations.to_string()),
            ("salt", hex::encode(&p.salt)),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    /// hashcat mode 10901's self-test (8192 iterations).
    const HASHCAT: &str = "{PBKDF2_SHA256}AAAgADkxMjM2NTIzMzgzMjQ3MjI4MDAwNTk5OTAyOTk4NDI2MjkyMzAzNjg0NjQwOTMxNjI3OTMzNjg0MDI0OTY5NTe5ULagRTYpLaUoeqJMg8x9W/DXu+9VTFaVhaYvebYrY+sOqn1ZMRnws22C1uAkiE2tFM8qN+xw5xe7OmCPZ203NuruK4oB33QlsKIEz4ppm0TR94JB9PJx7lIQwFHD3FUNUNryj4jk6UYyJ4+V1Z9Ug/Iy/ylQBJgfs5ihzgxHYZrfp1wUCXFzlZG9mxmziPm8VFnAhaX4+FBAZvLAx33jpbKOwEg7TmwP2VJ8BNFLQRqwYdlqIjQlAhncXH+dqIF9VdM4MonAA0hx76bMvFTP7LF5VO1IqVmcuYz7YG9v4KKRjnvoUUqOj6okUBQTay3EzsdFVnUW1FemYOccJd5q";

    #[test]
    fn known_answer() {
        let l = Limits::DEFAULT;
        assert_eq!(Ds389Pbkdf2.identify(HASHCAT), Match::Exact);
        let c = Credential::new(HASHCAT);
        assert!(Ds389Pbkdf2.verify(b"hashcat", &c, &l).unwrap());
        assert!(!Ds389Pbkdf2.verify(b"hashcat1", &c, &l).unwrap());
        let info = Ds389Pbkdf2.inspect(&c, &l).unwrap();
        assert_eq!(info[0], ("iterations", "8192".to_owned()));
    }

    #[test]
    fn refuses_malformed_and_costly() {
        let l = Limits::DEFAULT;
        let body = &HASHCAT["{PBKDF2_SHA256}".len()..];
        for bad in [
            "{PBKDF2_SHA256}".to_owned(),
            format!("{{PBKDF2_SHA256}}{}", &body[4..]),
            format!("{{PBKDF2_SHA256}}{body}AAAA"),
            format!("{{PBKDF2_SHA256}}!{}", &body[1..]),
            format!("{{PBKDF2_SHA256.HEX}}{body}"),
            format!("{{PBKDF2_SHA256}}AAAAAA{}", &body[6..]),
        ] {
            let e = Ds389Pbkdf2
                .verify(b"x", &Credential::new(bad.as_str()), &l)
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed, "{bad}");
        }
        // 0x7fffffff iterations: over the iteration ceiling, refused before any work.
        let huge = format!("{{PBKDF2_SHA256}}f///{}", &body[4..]);
        let e = Ds389Pbkdf2
            .verify(b"x", &Credential::new(huge.as_str()), &l)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Limit);
    }
}
