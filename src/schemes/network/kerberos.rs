//! Kerberos long-term keys derived from a password: `kerberos_aes128`
//! (aes128-cts-hmac-sha1-96, etype 17) and `kerberos_aes256` (aes256-cts-hmac-sha1-96,
//! etype 18).
//!
//! A KDC keeps no password hash but the keys its string-to-key function (RFC 3962) made:
//! Active Directory in `supplementalCredentials`' `Primary:Kerberos-Newer-Keys` blob (impacket
//! `secretsdump` prints them as `user:aes256-cts-hmac-sha1-96:<hex>`), MIT krb5 in its
//! database (`kdb5_util dump`, a keytab). The credential is the key in hex (32 or 64 digits):
//!
//! ```text
//! tkey = PBKDF2-HMAC-SHA1(password, salt, iterations, 16 or 32 bytes)
//! key  = AES_tkey(n-fold("kerberos", 128 bits)) || AES_tkey(that block), cut to the key size
//! ```
//!
//! (`DK(tkey, "kerberos")` of RFC 3961, the derivation's one or two AES blocks; hashcat 28800
//! and 28900.)
//!
//! | context | what |
//! |---|---|
//! | salt | the principal's salt: the blob's `DefaultSalt` in AD (realm in upper case, then the user name, e.g. `EXAMPLE.COMalice`; computers differ), MIT's realm followed by the name's components |
//! | user name + `params.realm` | instead of a salt: the salt is the realm upper-cased, then the user name (MIT's default, and AD's for a user) |
//! | `params.iterations` | optional: RFC 3962's iteration count, 4096 by default (what AD and MIT use) |
//!
//! The password is hashed as its UTF-8 bytes (AD converts the UTF-16 password to UTF-8 first).
//! A bare key is a hex digest of common length: a hint is needed (without one it is
//! `ambiguous`). Weaknesses: PBKDF2-HMAC-SHA1 at 4096 iterations; the key is itself a
//! credential (pass-the-key). Always upgraded. The iterations and their work are bounded by
//! [`Limits::pbkdf2`] (the two AES blocks are negligible beside them).

use aes::cipher::{BlockCipherEncrypt, KeyInit};
use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::encoding::hex;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq, pbkdf2};
use crate::scheme::{Match, Scheme};

/// n-fold("kerberos", 128): RFC 3961's well-known constant for the key derivation.
const KERBEROS_NFOLD: [u8; 16] = [
    0x6b, 0x65, 0x72, 0x62, 0x65, 0x72, 0x6f, 0x73, 0x7b, 0x9b, 0x5b, 0x2b, 0x93, 0x13, 0x2b, 0x93,
];

/// RFC 3962's default iteration count.
const DEFAULT_ITERATIONS: u64 = 4096;

/// One AES Kerberos encryption type.
#[derive(Clone, Copy, Debug)]
pub(crate) struct KerberosKey {
    id: &'static str,
    len: usize,
}

impl KerberosKey {
    /// aes128-cts-hmac-sha1-96.
    pub(crate) const AES128: KerberosKey = KerberosKey {
        id: "kerberos_aes128",
        len: 16,
    };
    /// aes256-cts-hmac-sha1-96.
    pub(crate) const AES256: KerberosKey = KerberosKey {
        id: "kerberos_aes256",
        len: 32,
    };

    /// The stored key, the salt and the iteration count.
    fn parse(&self, cred: &Credential, limits: &Limits) -> Result<(Vec<u8>, Vec<u8>, u64)> {
        let key = if cred.hash().len() == 2 * self.len {
            hex::decode(cred.hash())
        } else {
            None
        }
        .ok_or_else(|| {
            Error::malformed(
                self.id,
                "key",
                format!("expected {} hex digits", 2 * self.len),
            )
        })?;
        let salt = match (cred.salt(), cred.username(), cred.params().get("realm")) {
            (Some(s), _, _) => s.to_vec(),
            (None, Some(user), Some(realm)) => {
                let mut s = realm.to_ascii_uppercase().into_bytes();
                s.extend_from_slice(user.as_bytes());
                s
            }
            (None, None, Some(_)) => return Err(Error::missing(self.id, "username")),
            (None, _, None) => return Err(Error::missing(self.id, "salt")),
        };
        limits.salt_len(self.id, salt.len())?;
        let iterations = cred
            .params()
            .u64(self.id, "iterations")?
            .unwrap_or(DEFAULT_ITERATIONS);
        limits.pbkdf2(self.id, Algorithm::Sha1, iterations, self.len)?;
        Ok((key, salt, iterations))
    }

    /// The long-term key for `password`.
    fn string_to_key(
        &self,
        password: &[u8],
        salt: &[u8],
        iterations: u64,
        limits: &Limits,
    ) -> Result<Zeroizing<Vec<u8>>> {
        let tkey = pbkdf2::derive(
            self.id,
            Algorithm::Sha1,
            password,
            salt,
            iterations,
            self.len,
            limits,
        )?;
        let mut out = Zeroizing::new(Vec::with_capacity(32));
        let mut block = aes::Block::from(KERBEROS_NFOLD);
        let encrypt = |block: &mut aes::Block| -> Result<()> {
            let bad = |_| Error::malformed(self.id, "key", "impossible AES key length");
            match self.len {
                16 => aes::Aes128::new_from_slice(&tkey)
                    .map_err(bad)?
                    .encrypt_block(block),
                _ => aes::Aes256::new_from_slice(&tkey)
                    .map_err(bad)?
                    .encrypt_block(block),
            }
            Ok(())
        };
        while out.len() < self.len {
            encrypt(&mut block)?;
            out.extend_from_slice(&block);
        }
        zeroize::Zeroize::zeroize(&mut block[..]);
        out.truncate(self.len);
        Ok(out)
    }
}

impl Scheme for KerberosKey {
    fn id(&self) -> &str {
        self.id
    }

    fn identify(&self, hash: &str) -> Match {
        if hex::is_hex_len(hash, 2 * self.len) {
            Match::Shape
        } else {
            Match::No
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let (key, salt, iterations) = self.parse(cred, limits)?;
        let ours = self.string_to_key(password, &salt, iterations, limits)?;
        Ok(ct_eq(&ours, &key))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (_, salt, iterations) = self.parse(cred, limits)?;
        Ok(vec![
            ("salt", String::from_utf8_lossy(&salt).into_owned()),
            ("iterations", iterations.to_string()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn rfc3962_test_vectors() {
        // RFC 3962 appendix B: "password", salt "ATHENA.MIT.EDUraeburn", 1 and 1200 iterations.
        let l = Limits::DEFAULT;
        for (iter, k128, k256) in [
            (
                "1",
                "42263c6e89f4fc28b8df68ee09799f15",
                "fe697b52bc0d3ce14432ba036a92e65bbb52280990a2fa27883998d72af30161",
            ),
            (
                "1200",
                "4c01cd46d632d01e6dbe230a01ed642a",
                "55a6ac740ad17b4846941051e1e8b0a7548d93b0ab30a8bc3ff16280382b8c2a",
            ),
        ] {
            for (s, k) in [(KerberosKey::AES128, k128), (KerberosKey::AES256, k256)] {
                let c = Credential::new(k)
                    .with_salt(b"ATHENA.MIT.EDUraeburn".to_vec())
                    .with_param("iterations", iter);
                assert!(s.verify(b"password", &c, &l).unwrap(), "{} {iter}", s.id);
                assert!(!s.verify(b"passwort", &c, &l).unwrap());
                // The same salt from the realm and the user name.
                let c = Credential::new(k)
                    .with_username("raeburn")
                    .with_param("realm", "athena.mit.edu")
                    .with_param("iterations", iter);
                assert!(s.verify(b"password", &c, &l).unwrap());
            }
        }
    }

    #[test]
    fn hashcat_self_tests() {
        let l = Limits::DEFAULT;
        for (s, k) in [
            (KerberosKey::AES128, "1c41586d6c060071e08186ee214e725e"),
            (
                KerberosKey::AES256,
                "266b5a53a6d663c3f69174f3309acada8e467c097c7973699f86286a6cf1a6c7",
            ),
        ] {
            let c = Credential::new(k).with_salt(b"TEST.LOCALtest".to_vec());
            assert!(s.verify(b"hashcat", &c, &l).unwrap());
        }
    }

    #[test]
    fn context_and_bounds() {
        let l = Limits::DEFAULT;
        let k = "1c41586d6c060071e08186ee214e725e";
        let s = KerberosKey::AES128;
        for (c, kind) in [
            (Credential::new(k), ErrorKind::MissingContext),
            (
                Credential::new(k).with_username("u"),
                ErrorKind::MissingContext,
            ),
            (
                Credential::new(k).with_param("realm", "R"),
                ErrorKind::MissingContext,
            ),
            (
                Credential::new(&k[2..]).with_salt(b"s".to_vec()),
                ErrorKind::Malformed,
            ),
            (
                Credential::new(k)
                    .with_salt(b"s".to_vec())
                    .with_param("iterations", "0"),
                ErrorKind::Malformed,
            ),
            (
                Credential::new(k)
                    .with_salt(b"s".to_vec())
                    .with_param("iterations", "4294967296"),
                ErrorKind::Limit,
            ),
        ] {
            let e = s.verify(b"x", &c, &l).unwrap_err();
            assert_eq!(e.kind(), kind, "{c:?}");
        }
        assert_eq!(KerberosKey::AES256.identify(k), Match::No);
        assert_eq!(s.identify(k), Match::Shape);
    }
}
