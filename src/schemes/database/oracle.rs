//! Oracle Database password verifiers, from `sys.user$` (`password` and `spare4` columns).
//!
//! * **oracle10** (Oracle 7 to 10g, the `password` column): 16 hex digits. The user name is
//!   prefixed to the password, the whole is upper-cased and encoded as UTF-16BE, and DES-CBC
//!   (zero IV, zero padding) is run twice: first under the fixed key `0123456789ABCDEF`, then
//!   under the last cipher block of the first pass; the last block of the second pass is the hash.
//!   The caller must supply the user name (the string does not carry it). Case-insensitive, so
//!   [`Scheme::truncates`] reports passwords that upper-casing changes; salted only by the user
//!   name, fast, and long broken.
//! * **oracle11** (11g `S:` verifier): `S:`, 40 hex digits of SHA1(password || salt) and 20 hex
//!   digits of a 10-byte salt. Case-sensitive; one SHA1 per guess.
//! * **oracle12c** (12c `T:` verifier): `T:`, 128 hex digits of
//!   SHA512(PBKDF2-HMAC-SHA512(password, salt || "AUTH_PBKDF2_SPEEDY_KEY", 4096, 64) || salt) and
//!   32 hex digits of the 16-byte salt (hashcat mode 12300). The `spare4` column holds
//!   `S:...;H:...;T:...` together; pass the `T:` part alone.
//!
//! Passwords are hashed as the UTF-8 the client sent (11g/12c) or as text (10g); for 10g, bytes
//! that are not UTF-8 cannot match.

use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::encoding::{hex, utf16};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq, des, pbkdf2};
use crate::scheme::{Match, Scheme};

/// The last block of DES-CBC over `data` (zero IV, zero-padded to whole blocks), wiped on drop:
/// every block of it is derived from the password.
fn des_cbc_last_block(key: &[u8; 8], data: &[u8]) -> Zeroizing<[u8; 8]> {
    // One key schedule for every block (wiped on drop: the second pass is keyed by the password).
    let schedule = des::Schedule::new(key);
    let mut state = Zeroizing::new([0u8; 8]);
    for chunk in data.chunks(8) {
        for (s, d) in state.iter_mut().zip(chunk) {
            *s ^= d;
        }
        *state = schedule.encrypt_block(&state);
    }
    state
}

/// The raw Oracle 10g function over the upper-cased `user || password`.
pub(crate) fn oracle10_raw(username: &str, password: &str) -> Zeroizing<[u8; 8]> {
    const MAGIC: [u8; 8] = [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef];
    let mut text = Zeroizing::new(String::with_capacity(username.len() + password.len()));
    text.push_str(username);
    text.push_str(password);
    let input = Zeroizing::new(utf16::be(&Zeroizing::new(text.to_uppercase())));
    let key = des_cbc_last_block(&MAGIC, &input);
    des_cbc_last_block(&key, &input)
}

/// Oracle 7–10g DES-based hash; needs the user name.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Oracle10;

impl Oracle10 {
    const ID: &'static str = "oracle10";

    fn parse(hash: &str) -> Result<[u8; 8]> {
        hex::decode_array::<8>(hash)
            .ok_or_else(|| Error::malformed(Self::ID, "digest", "expected 16 hex digits"))
    }
}

impl Scheme for Oracle10 {
    fn id(&self) -> &str {
        Self::ID
    }

    fn identify(&self, hash: &str) -> Match {
        if hex::is_hex_len(hash, 16) {
            Match::Shape
        } else {
            Match::No
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let stored = Self::parse(cred.hash())?;
        let user = cred.require_username(Self::ID)?;
        let Ok(text) = std::str::from_utf8(password) else {
            return Ok(false);
        };
        Ok(ct_eq(oracle10_raw(user, text).as_ref(), &stored))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        Self::parse(cred.hash())?;
        Ok(Vec::new())
    }

    fn truncates(&self, password: &[u8]) -> bool {
        std::str::from_utf8(password).map_or(true, |t| t.to_uppercase() != t)
    }
}

/// A `<marker><hex digest><hex salt>` verifier of `spare4`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct OracleSpare4 {
    id: &'static str,
    marker: &'static str,
    digest_len: usize,
    salt_len: usize,
}

impl OracleSpare4 {
    /// 11g `S:` verifier: SHA1(password || salt), 10-byte salt.
    pub(crate) const ORACLE11: OracleSpare4 = OracleSpare4 {
        id: "oracle11",
        marker: "S:",
        digest_len: 20,
        salt_len: 10,
    };
    /// 12c `T:` verifier: SHA512 over PBKDF2-HMAC-SHA512, 16-byte salt.
    pub(crate) const ORACLE12C: OracleSpare4 = OracleSpare4 {
        id: "oracle12c",
        marker: "T:",
        digest_len: 64,
        salt_len: 16,
    };

    /// (digest, salt).
    fn parse(&self, hash: &str) -> Result<(Vec<u8>, Vec<u8>)> {
        let rest = hash.strip_prefix(self.marker).ok_or_else(|| {
            Error::malformed(self.id, "prefix", format!("expected {}", self.marker))
        })?;
        let want = 2 * (self.digest_len + self.salt_len);
        if !hex::is_hex_len(rest, want) {
            return Err(Error::malformed(
                self.id,
                "digest",
                format!("expected {want} hex digits (digest and salt)"),
            ));
        }
        let (digest, salt) = rest.split_at(2 * self.digest_len);
        match (hex::decode(digest), hex::decode(salt)) {
            (Some(d), Some(s)) => Ok((d, s)),
            _ => Err(Error::malformed(self.id, "digest", "not hex")),
        }
    }
}

impl Scheme for OracleSpare4 {
    fn id(&self) -> &str {
        self.id
    }

    fn prefixes(&self) -> &[&'static str] {
        std::slice::from_ref(&self.marker)
    }

    fn identify(&self, hash: &str) -> Match {
        // Two characters are a weak marker: claim only the full shape.
        match hash.strip_prefix(self.marker) {
            Some(rest) if hex::is_hex_len(rest, 2 * (self.digest_len + self.salt_len)) => {
                Match::Exact
            }
            _ => Match::No,
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let (stored, salt) = self.parse(cred.hash())?;
        let ours = if self.digest_len == 20 {
            Algorithm::Sha1.digest(&[password, &salt])
        } else {
            let mut kdf_salt = salt.clone();
            kdf_salt.extend_from_slice(b"AUTH_PBKDF2_SPEEDY_KEY");
            let key = pbkdf2::derive(
                self.id,
                Algorithm::Sha512,
                password,
                &kdf_salt,
                4096,
                64,
                limits,
            )?;
            Algorithm::Sha512.digest(&[&key, &salt])
        };
        Ok(ct_eq(ours.as_bytes(), &stored))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (_, salt) = self.parse(cred.hash())?;
        let mut out = vec![("salt", hex::encode_upper(&salt))];
        if self.digest_len == 64 {
            out.push(("iterations", "4096".to_owned()));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn oracle10_known_answers() {
        // The classic SCOTT/TIGER verifier.
        assert_eq!(
            hex::encode_upper(oracle10_raw("SCOTT", "TIGER").as_ref()),
            "F894844C34402B67"
        );
        let cred = Credential::new("F894844C34402B67").with_username("scott");
        assert!(Oracle10.verify(b"tiger", &cred, &Limits::DEFAULT).unwrap());
        assert!(Oracle10.verify(b"TIGER", &cred, &Limits::DEFAULT).unwrap());
        assert!(!Oracle10.verify(b"tiger1", &cred, &Limits::DEFAULT).unwrap());
        let other = Credential::new("F894844C34402B67").with_username("system");
        assert!(!Oracle10.verify(b"tiger", &other, &Limits::DEFAULT).unwrap());
        assert!(Oracle10.truncates(b"tiger"));
        assert!(!Oracle10.truncates(b"TIGER"));
    }

    #[test]
    fn oracle10_needs_the_user_and_16_hex() {
        let e = Oracle10
            .verify(b"x", &Credential::new("F894844C34402B67"), &Limits::DEFAULT)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingContext);
        for bad in ["F894844C34402B6", "F894844C34402B6G", "F894844C34402B67 "] {
            let cred = Credential::new(bad).with_username("scott");
            assert_eq!(
                Oracle10
                    .verify(b"x", &cred, &Limits::DEFAULT)
                    .unwrap_err()
                    .kind(),
                ErrorKind::Malformed
            );
        }
    }

    #[test]
    fn spare4_known_answers() {
        // hashcat's mode 112 and 12300 examples.
        let s = Credential::new("S:63EC5F6113843F5D229E2D49C068D983A9670D0257677783202322766743");
        let o11 = OracleSpare4::ORACLE11;
        assert!(o11.verify(b"hashcat", &s, &Limits::DEFAULT).unwrap());
        assert!(!o11.verify(b"Hashcat", &s, &Limits::DEFAULT).unwrap());
        assert_eq!(o11.identify(s.hash()), Match::Exact);
        let t = Credential::new(
            "T:8F75FBD166AFDB6D7587DAB89C2F15672AAC031C5B0B5E65C0835FB130555F6FF4E0E57649767555\
             58112246FFF306450C22F6B7746B9E9831ED97B373992F9157436180438417080374881414745255",
        );
        let o12 = OracleSpare4::ORACLE12C;
        assert!(o12.verify(b"hashcat", &t, &Limits::DEFAULT).unwrap());
        assert!(!o12.verify(b"hashcat1", &t, &Limits::DEFAULT).unwrap());
        assert_eq!(o12.identify(t.hash()), Match::Exact);
        assert_eq!(o11.identify(t.hash()), Match::No);
    }

    #[test]
    fn spare4_rejects_malformed() {
        let o11 = OracleSpare4::ORACLE11;
        for bad in [
            "S:",
            "S:63EC5F6113843F5D229E2D49C068D983A9670D025767778320232276674",
            "S:63EC5F6113843F5D229E2D49C068D983A9670D02576777832023227667433",
            "S:63EC5F6113843F5D229E2D49C068D983A9670D025767778320232276674Z",
            "s:63EC5F6113843F5D229E2D49C068D983A9670D0257677783202322766743",
        ] {
            assert_eq!(
                o11.verify(b"x", &Credential::new(bad), &Limits::DEFAULT)
                    .unwrap_err()
                    .kind(),
                ErrorKind::Malformed,
                "{bad}"
            );
        }
    }
}
