//! Citrix NetScaler / ADC system users: `netscaler_sha1` and `netscaler_sha512`.
//!
//! `ns.conf` keeps each `set system user <name> <value> -encrypted` password as a one-digit
//! algorithm tag, 8 characters of salt (hex digits as the appliance writes them, taken as text)
//! and the digest in hex: `H(salt || password || NUL)`, the C string's terminator included.
//!
//! | id | tag | digest | length |
//! |---|---|---|---|
//! | `netscaler_sha1` | `1` | SHA-1 (hashcat 8100, John the Ripper's `Citrix_NS10`) | 49 |
//! | `netscaler_sha512` | `2` | SHA-512 (hashcat 22200; NetScaler 12.1+ `-hashmethod SHA512`) | 137 |
//!
//! The value has no marker beyond its tag and length; it is recognised by that shape (nothing
//! else is 49 or 137 characters of hex). Give the value alone, not the whole `ns.conf` line.
//! Weaknesses: one fast digest with a 32-bit salt. Always upgraded.

use crate::credential::Credential;
use crate::encoding::hex;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq};
use crate::scheme::{Match, Scheme};

/// Salt characters after the tag.
const SALT: usize = 8;

/// One NetScaler hash method.
#[derive(Clone, Copy, Debug)]
pub(crate) struct NetScaler {
    id: &'static str,
    tag: u8,
    alg: Algorithm,
}

impl NetScaler {
    /// `1…`: SHA-1.
    pub(crate) const SHA1: NetScaler = NetScaler {
        id: "netscaler_sha1",
        tag: b'1',
        alg: Algorithm::Sha1,
    };
    /// `2…`: SHA-512.
    pub(crate) const SHA512: NetScaler = NetScaler {
        id: "netscaler_sha512",
        tag: b'2',
        alg: Algorithm::Sha512,
    };

    fn len(&self) -> usize {
        1 + SALT + 2 * self.alg.output_len()
    }

    /// The salt text and the digest.
    fn parse<'a>(&self, hash: &'a str) -> Result<(&'a [u8], Vec<u8>)> {
        let b = hash.as_bytes();
        if b.first() != Some(&self.tag) {
            return Err(Error::malformed(
                self.id,
                "prefix",
                format!("expected the tag {}", char::from(self.tag)),
            ));
        }
        if b.len() != self.len() {
            return Err(Error::malformed(
                self.id,
                "length",
                format!("expected {} characters", self.len()),
            ));
        }
        let salt = &b[1..=SALT];
        if !salt.iter().all(u8::is_ascii_hexdigit) {
            return Err(Error::malformed(self.id, "salt", "expected 8 hex digits"));
        }
        let digest = hash
            .get(1 + SALT..)
            .and_then(hex::decode)
            .ok_or_else(|| Error::malformed(self.id, "digest", "not hex"))?;
        Ok((salt, digest))
    }
}

impl Scheme for NetScaler {
    fn id(&self) -> &str {
        self.id
    }

    fn identify(&self, hash: &str) -> Match {
        let b = hash.as_bytes();
        let shape = b.len() == self.len()
            && b.first() == Some(&self.tag)
            && b.iter().all(u8::is_ascii_hexdigit);
        if shape { Match::Shape } else { Match::No }
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let (salt, digest) = self.parse(cred.hash())?;
        let ours = self.alg.digest(&[salt, password, b"\0"]);
        Ok(ct_eq(ours.as_bytes(), &digest))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (salt, _) = self.parse(cred.hash())?;
        Ok(vec![("salt", String::from_utf8_lossy(salt).into_owned())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn known_answers() {
        let l = Limits::DEFAULT;
        for (s, h, pw) in [
            // hashcat 8100 and 22200 self-tests.
            (
                NetScaler::SHA1,
                "1130725275da09ca13254957f2314a639818d44c37ef6d558",
                "hashcat",
            ),
            (
                NetScaler::SHA512,
                "2f9282ade42ce148175dc3b4d8b5916dae5211eee49886c3f7cc768f6b9f2eb982a5ac2f2672a0223999bfd15349093278adf12f6276e8b61dacf5572b3f93d0b4fa886ce",
                "hashcat",
            ),
            // John the Ripper's Citrix_NS10 tests.
            (
                NetScaler::SHA1,
                "100000000f1dc96f425971ba590a076fd0f8bccbf25c1ba0c",
                "",
            ),
            (
                NetScaler::SHA1,
                "1deadcafe7587ea23b25a6ccf3fd53192e36ad3e9a2553b20",
                "magnum!",
            ),
        ] {
            assert_eq!(s.identify(h), Match::Shape);
            assert!(
                s.verify(pw.as_bytes(), &Credential::new(h), &l).unwrap(),
                "{h}"
            );
            assert!(!s.verify(b"x", &Credential::new(h), &l).unwrap(), "{h}");
        }
    }

    #[test]
    fn rejects_malformed() {
        for h in [
            "2130725275da09ca13254957f2314a639818d44c37ef6d558",
            "1130725275da09ca13254957f2314a639818d44c37ef6d55",
            "1130725z75da09ca13254957f2314a639818d44c37ef6d558",
            "1130725275da09ca13254957f2314a639818d44c37ef6d55g",
        ] {
            let e = NetScaler::SHA1
                .verify(b"x", &Credential::new(h), &Limits::DEFAULT)
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed, "{h}");
        }
    }
}
