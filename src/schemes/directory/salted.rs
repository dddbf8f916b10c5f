//! Salted LDAP digests: `{SMD5}`, `{SSHA}`, `{SSHA256}`, `{SSHA512}`.
//!
//! The value is base64(`H(password || salt) || salt`): the digest first, then the salt, whose
//! length is whatever is left. Producers differ only in that length: OpenLDAP `slappasswd` and
//! Dovecot write 4 bytes, passlib 4 to 16 (default 4), 389-ds and hashcat's examples 8, some
//! PHP and Java tools 16 or more. All are read; at least one byte of salt is required (OpenLDAP
//! and Dovecot refuse a value no longer than the digest) and at most `Limits::max_salt_bytes`.
//!
//! The marker is ASCII case-insensitive as in OpenLDAP and Dovecot (`{ssha}`). Dovecot's
//! encoding suffix is accepted as well: `{SSHA256.HEX}` is the same bytes in hex.
//! `{SSHA256}`/`{SSHA512}` come from OpenLDAP's contrib `pw-sha2` module, Dovecot, 389-ds and
//! passlib; `{SMD5}` from OpenLDAP and Dovecot.
//!
//! AIX writes `{smd5}`, `{ssha256}` and `{ssha512}` too, in lower case and followed by
//! `salt$hash` or `NN$salt$hash`: those values are not claimed here (the `aix_*` schemes read
//! them), and with this scheme's hint they are refused with a message that says so.
//!
//! An LDIF export base64-wraps the whole attribute (`userPassword:: e1NTSEF9...`); undoing that
//! is the LDIF reader's job, and this scheme expects the `{SSHA}...` text itself.
//!
//! Weaknesses: one fast digest round; the salt only defeats precomputed tables. Always
//! upgraded.

use crate::credential::Credential;
use crate::encoding::digest_text::DigestText;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq};
use crate::scheme::{Match, Scheme};

use super::marker::Marked;

/// One salted LDAP digest.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LdapSalted {
    id: &'static str,
    name: &'static str,
    prefixes: &'static [&'static str],
    alg: Algorithm,
}

impl LdapSalted {
    /// `{SMD5}`: salted MD5.
    pub(crate) const MD5: LdapSalted = LdapSalted {
        id: "ldap_salted_md5",
        name: "SMD5",
        prefixes: &["{SMD5}", "{smd5}", "{SMD5.HEX}"],
        alg: Algorithm::Md5,
    };
    /// `{SSHA}`: salted SHA-1.
    pub(crate) const SHA1: LdapSalted = LdapSalted {
        id: "ldap_salted_sha1",
        name: "SSHA",
        prefixes: &["{SSHA}", "{ssha}", "{SSHA.HEX}"],
        alg: Algorithm::Sha1,
    };
    /// `{SSHA256}`: salted SHA-256.
    pub(crate) const SHA256: LdapSalted = LdapSalted {
        id: "ldap_salted_sha256",
        name: "SSHA256",
        prefixes: &["{SSHA256}", "{ssha256}", "{SSHA256.HEX}"],
        alg: Algorithm::Sha256,
    };
    /// `{SSHA512}`: salted SHA-512.
    pub(crate) const SHA512: LdapSalted = LdapSalted {
        id: "ldap_salted_sha512",
        name: "SSHA512",
        prefixes: &["{SSHA512}", "{ssha512}", "{SSHA512.HEX}"],
        alg: Algorithm::Sha512,
    };

    /// Every salted LDAP digest, in registration order.
    pub(crate) const ALL: [LdapSalted; 4] = [Self::MD5, Self::SHA1, Self::SHA256, Self::SHA512];

    /// The scheme id.
    pub(crate) const fn scheme_id(&self) -> &'static str {
        self.id
    }

    /// The credential as a portable step.
    pub(crate) fn portable(
        &self,
        cred: &Credential,
        limits: &Limits,
    ) -> Result<crate::schemes::portable::Portable> {
        Ok(self.parse(cred.hash(), limits)?.portable(
            self.alg,
            crate::schemes::portable::PasswordEncoding::Utf8,
            self.id,
        ))
    }

    /// The value's digest and salt.
    fn parse(&self, hash: &str, limits: &Limits) -> Result<Salted> {
        let m = Marked::expect(self.id, hash, self.name)?;
        if m.body.contains('$') {
            // Never base64 or hex: AIX's `{smd5}salt$hash` or `{ssha256}NN$salt$hash`.
            return Err(Error::malformed(
                self.id,
                "digest",
                "contains '$': an AIX /etc/security/passwd value ({smd5}, {ssha256}, \
                 {ssha512}) is read by the aix_* schemes",
            ));
        }
        let text = m.expect_encoding(self.id)?.unwrap_or(DigestText::Base64);
        Salted::decode(self.id, self.alg, text, m.body, limits)
    }
}

/// A salted RFC 2307 value taken apart: the digest, then at least one byte of salt and at most
/// `Limits::max_salt_bytes`. Crate-internal so that every reader of these values (these schemes,
/// Auth0's `ldap` body) applies the same checks.
pub(crate) struct Salted {
    digest: Vec<u8>,
    salt: Vec<u8>,
}

impl Salted {
    /// Decode `body`, written in `text`, as `alg`'s `digest || salt`; `scheme` names the errors.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Malformed`] for text that does not decode or leaves no salt after
    /// the digest, [`crate::ErrorKind::Limit`] for a salt over [`Limits::salt_len`].
    pub(crate) fn decode(
        scheme: &'static str,
        alg: Algorithm,
        text: DigestText,
        body: &str,
        limits: &Limits,
    ) -> Result<Self> {
        let mut digest = text.decode(body).ok_or_else(|| {
            Error::malformed(scheme, "digest", format!("not valid {}", text.name()))
        })?;
        let n = alg.output_len();
        if digest.len() <= n {
            return Err(Error::malformed(
                scheme,
                "salt",
                format!("expected {n} bytes of digest followed by at least 1 byte of salt"),
            ));
        }
        limits.salt_len(scheme, digest.len() - n)?;
        let salt = digest.split_off(n);
        Ok(Salted { digest, salt })
    }

    /// The value as a portable step: `alg(password || salt)`.
    pub(crate) fn portable(
        self,
        alg: Algorithm,
        encoding: crate::schemes::portable::PasswordEncoding,
        scheme: &'static str,
    ) -> crate::schemes::portable::Portable {
        use crate::schemes::portable::{Around, Portable, Step};
        Portable {
            step: Step::Digest {
                alg,
                around: Around::suffix(self.salt),
                encoding,
            },
            digest: self.digest,
            scheme,
        }
    }

    /// Whether `alg(password || salt)` is the stored digest.
    pub(crate) fn matches(&self, alg: Algorithm, password: &[u8]) -> bool {
        ct_eq(alg.digest(&[password, &self.salt]).as_bytes(), &self.digest)
    }
}

impl Scheme for LdapSalted {
    fn id(&self) -> &str {
        self.id
    }

    fn prefixes(&self) -> &[&'static str] {
        self.prefixes
    }

    fn identify(&self, hash: &str) -> Match {
        match Marked::named(hash, self.name) {
            // A `$` is AIX's `{ssha256}NN$salt$hash` (the unix family's), never an LDAP value.
            Some(m) if m.encoding().is_ok() && !m.body.contains('$') => Match::Exact,
            _ => Match::No,
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        Ok(self.parse(cred.hash(), limits)?.matches(self.alg, password))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let salt = self.parse(cred.hash(), limits)?.salt;
        Ok(vec![
            ("salt", crate::encoding::hex::encode(&salt)),
            ("salt_bytes", salt.len().to_string()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn check(s: &LdapSalted, pw: &[u8], hash: &str) -> Result<bool> {
        s.verify(pw, &Credential::new(hash), &Limits::DEFAULT)
    }

    #[test]
    fn known_answers() {
        // hashcat mode 111 example: 8-byte salt.
        let h = "{SSHA}FLzWcQqyle6Mo7NvrwXCMAmRzXQxNjYxMTYzNw==";
        assert_eq!(LdapSalted::SHA1.identify(h), Match::Exact);
        assert!(check(&LdapSalted::SHA1, b"hashcat", h).unwrap());
        assert!(!check(&LdapSalted::SHA1, b"hashcat1", h).unwrap());
        // slappasswd -h {SMD5}: 4-byte salt, lower-case marker accepted.
        let h = "{smd5}Gm6CKPEq9DmrVkzWrQu/jrjg50s=";
        assert!(check(&LdapSalted::MD5, b"Tr0ub4dor&3", h).unwrap());
        // The same SSHA value in Dovecot's hex spelling.
        let h = "{SSHA.HEX}14bcd6710ab295ee8ca3b36faf05c2300991cd743136363131363337";
        assert!(check(&LdapSalted::SHA1, b"hashcat", h).unwrap());
    }

    #[test]
    fn rejects_malformed() {
        for h in [
            // Digest only, no salt.
            "{SSHA}FLzWcQqyle6Mo7NvrwXCMAmRzXQ=",
            "{SSHA}",
            "{SSHA}FLzWcQqyle6Mo7Nvr!XCMAmRzXQxNjYxMTYzNw==",
            "{SSHA.B32}FLzWcQqyle6Mo7NvrwXCMAmRzXQxNjYxMTYzNw==",
            "{SSHA256}FLzWcQqyle6Mo7NvrwXCMAmRzXQxNjYxMTYzNw==",
        ] {
            let e = check(&LdapSalted::SHA1, b"hashcat", h).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed, "{h}");
        }
        let e = check(&LdapSalted::SHA256, b"x", "{SSHA256}AAAA").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed);
        // AIX's value: refused with a pointer to the AIX scheme, and not claimed.
        let aix = "{ssha256}06$2715084824104660$1s/s4RZWEcvZ5VuWPXWGUfwSoG07eVSVce8F6ANJ.g4";
        let e = check(&LdapSalted::SHA256, b"hashcat", aix).unwrap_err();
        assert!(e.to_string().contains("aix"), "{e}");
        assert_eq!(LdapSalted::SHA256.identify(aix), Match::No);
    }

    #[test]
    fn bounds_the_salt() {
        use crate::encoding::b64;
        let long = format!("{{SSHA}}{}", b64::encode(&b64::STANDARD, &[7u8; 20 + 2000]));
        let e = check(&LdapSalted::SHA1, b"x", &long).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Limit);
    }
}
