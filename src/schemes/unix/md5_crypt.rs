//! md5-crypt (`$1$`, Poul-Henning Kamp's FreeBSD scheme) and Apache's variant (`$apr1$`).
//!
//! 1000 rounds of MD5 over a salt of at most 8 characters; fast to attack, so always upgraded.
//! The salt is everything between the marker and the next `$`, truncated to 8 characters as
//! every implementation does; the digest is 22 characters of little-endian crypt64 after a fixed
//! byte transposition. The 1000 rounds run on prepared messages (`primitives/crypt_rounds.rs`).

use md5::{Digest as _, Md5};
use zeroize::Zeroizing;

use super::common::c_str;
use crate::credential::Credential;
use crate::encoding::crypt64;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::block_hash::Md5 as Md5Blocks;
use crate::primitives::crypt_rounds::crypt_rounds;
use crate::primitives::ct_eq;
use crate::scheme::{Match, Scheme};

/// Byte order of the final encoding.
pub(crate) const TRANSPOSE: [usize; 16] = [12, 6, 0, 13, 7, 1, 14, 8, 2, 15, 9, 3, 5, 10, 4, 11];

/// The raw md5-crypt function: the 16-byte digest for `password`, `salt` and `magic`
/// (`$1$` or `$apr1$`). The intermediate digest and the result are wiped on drop.
pub(crate) fn md5_crypt_raw(password: &[u8], salt: &[u8], magic: &[u8]) -> Zeroizing<[u8; 16]> {
    let mut alt = Md5::new();
    alt.update(password);
    alt.update(salt);
    alt.update(password);
    let alt: Zeroizing<[u8; 16]> = Zeroizing::new(alt.finalize().into());

    let mut ctx = Md5::new();
    ctx.update(password);
    ctx.update(magic);
    ctx.update(salt);
    let mut n = password.len();
    while n > 0 {
        let take = n.min(16);
        ctx.update(&alt[..take]);
        n -= take;
    }
    let mut i = password.len();
    while i > 0 {
        if i & 1 == 1 {
            ctx.update([0u8]);
        } else {
            ctx.update(&password[..1]);
        }
        i >>= 1;
    }
    let mut digest: Zeroizing<[u8; 16]> = Zeroizing::new(ctx.finalize().into());
    crypt_rounds::<64, Md5Blocks>(password, salt, digest.as_mut_slice(), 1000);
    digest
}

/// The 22-character digest text md5-crypt (`apr`: Apache's `$apr1$`) stores for `password`
/// (as given: the caller cuts it at a NUL) and `salt`.
pub(crate) fn md5_crypt_text(password: &[u8], salt: &[u8], apr: bool) -> String {
    let magic = if apr {
        Md5Crypt::APR1.magic
    } else {
        Md5Crypt::MD5.magic
    };
    let raw = md5_crypt_raw(password, salt, magic.as_bytes());
    crypt64::encode_le_transposed(raw.as_ref(), &TRANSPOSE)
}

/// md5-crypt in one of its two spellings.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Md5Crypt {
    id: &'static str,
    magic: &'static str,
}

impl Md5Crypt {
    /// `$1$`: FreeBSD, glibc, libxcrypt, Cisco IOS, OpenSSL `passwd -1`.
    pub(crate) const MD5: Md5Crypt = Md5Crypt {
        id: "md5_crypt",
        magic: "$1$",
    };
    /// `$apr1$`: Apache htpasswd.
    pub(crate) const APR1: Md5Crypt = Md5Crypt {
        id: "apr_md5_crypt",
        magic: "$apr1$",
    };

    /// Split `hash` into (salt, digest), validating both.
    fn parse<'a>(&self, hash: &'a str) -> Result<(&'a str, &'a str)> {
        let rest = hash.strip_prefix(self.magic).ok_or_else(|| {
            Error::malformed(self.id, "prefix", format!("expected {}", self.magic))
        })?;
        let (salt, digest) = rest
            .split_once('$')
            .ok_or_else(|| Error::malformed(self.id, "digest", "missing '$' after the salt"))?;
        if salt.len() > 8 || !crypt64::is_crypt64(salt) {
            return Err(Error::malformed(
                self.id,
                "salt",
                "at most 8 characters of ./0-9A-Za-z",
            ));
        }
        if digest.len() != 22 || !crypt64::is_crypt64(digest) {
            return Err(Error::malformed(
                self.id,
                "digest",
                "expected 22 characters of ./0-9A-Za-z",
            ));
        }
        Ok((salt, digest))
    }
}

impl Md5Crypt {
    /// The credential as a portable step (the digest is the stored digest text).
    pub(crate) fn portable(&self, cred: &Credential) -> Result<crate::schemes::portable::Portable> {
        let (salt, digest) = self.parse(cred.hash())?;
        Ok(crate::schemes::portable::Portable {
            step: crate::schemes::portable::Step::Md5Crypt {
                apr: self.magic == Self::APR1.magic,
                salt: salt.as_bytes().to_vec(),
            },
            digest: digest.as_bytes().to_vec(),
            scheme: self.id,
        })
    }
}

impl Scheme for Md5Crypt {
    fn id(&self) -> &str {
        self.id
    }

    fn prefixes(&self) -> &[&'static str] {
        std::slice::from_ref(&self.magic)
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(hash.starts_with(self.magic))
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let (salt, digest) = self.parse(cred.hash())?;
        // libxcrypt, glibc and PHP stop at a NUL; passlib's own md5-crypt hashes every byte.
        // A password with a NUL is tried both ways.
        let matches = |key: &[u8]| {
            let raw = md5_crypt_raw(key, salt.as_bytes(), self.magic.as_bytes());
            let ours = crypt64::encode_le_transposed(raw.as_ref(), &TRANSPOSE);
            ct_eq(ours.as_bytes(), digest.as_bytes())
        };
        let c_key = c_str(password);
        let ok = matches(c_key) || (c_key.len() != password.len() && matches(password));
        Ok(ok)
    }

    fn truncates(&self, password: &[u8]) -> bool {
        password.contains(&0)
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (salt, _) = self.parse(cred.hash())?;
        Ok(vec![
            ("salt", salt.to_owned()),
            ("rounds", "1000".to_owned()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answer() {
        // OpenSSL `passwd -1 -salt 38652870 hashcat` (hashcat's example for mode 500).
        let cred = Credential::new("$1$38652870$DUjsu4TTlTsOe/xxZ05uf/");
        assert!(
            Md5Crypt::MD5
                .verify(b"hashcat", &cred, &Limits::DEFAULT)
                .unwrap()
        );
        assert!(
            !Md5Crypt::MD5
                .verify(b"hashcaT", &cred, &Limits::DEFAULT)
                .unwrap()
        );
    }

    #[test]
    fn rejects_malformed() {
        for h in [
            "$1$38652870$DUjsu4TTlTsOe/xxZ05uf",
            "$1$38652870",
            "$1$123456789$DUjsu4TTlTsOe/xxZ05uf/",
        ] {
            let e = Md5Crypt::MD5
                .verify(b"x", &Credential::new(h), &Limits::DEFAULT)
                .unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Malformed, "{h}");
        }
    }
}
