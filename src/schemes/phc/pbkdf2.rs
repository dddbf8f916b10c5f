//! PBKDF2-HMAC strings in passlib's modular-crypt form, its LDAP spelling, and the PHC form.
//!
//! - passlib's `pbkdf2_sha1`, `pbkdf2_sha256`, `pbkdf2_sha512`:
//!   `$pbkdf2$<rounds>$<salt>$<digest>`, `$pbkdf2-sha256$...`, `$pbkdf2-sha512$...`, salt and
//!   digest in passlib's adapted base64 (`./`, no padding), the digest exactly the hash
//!   function's size. Also written by hashcat's passlib modes and OpenLDAP's `pw-pbkdf2`.
//! - The PHC form `$pbkdf2-sha256$i=<iterations>,l=<length>$<salt>$<digest>`, standard base64
//!   without padding: RustCrypto's `pbkdf2` (`$pbkdf2$`, `$pbkdf2-sha256$`, `$pbkdf2-sha512$`),
//!   Auth0's bulk-import format (`$pbkdf2-sha1$`, `$pbkdf2-sha256$`, `$pbkdf2-sha512$`), and the
//!   PBKDF2-SHA256 upgrade target of this crate. The parameter field tells the forms apart (a
//!   bare number against `i=`). `i` is required, `l` optional (32, RustCrypto's default), each at
//!   most once; the digest must be exactly `l` bytes.
//! - passlib's `ldap_pbkdf2_sha1`, `ldap_pbkdf2_sha256`, `ldap_pbkdf2_sha512`: `{PBKDF2}`,
//!   `{PBKDF2-SHA256}`, `{PBKDF2-SHA512}` followed by the passlib body `<rounds>$<salt>$<digest>`
//!   (OpenLDAP's module also writes `{PBKDF2-SHA1}`). 389-DS 1.4.4+ (`pwdhash -s PBKDF2-SHA512`,
//!   FreeIPA's default on RHEL 9) writes the same markers and layout with the salt and digest in
//!   standard base64 with `=` padding; a `+` or `=` in either field selects that reading.
//!   Dovecot writes `{PBKDF2}$1$...`, a
//!   different format under the same marker; identification here looks at the body, so both can
//!   be registered.
//!
//! Quirks: the `pbkdf2` crate's own verifiers compare only the bytes present, so a truncated
//! digest verifies; the length is checked here and a wrong one is malformed. Rounds are canonical
//! decimals (passlib refuses zero padding), bounded by [`Limits::pbkdf2_iterations`] before any
//! work. Salts may be empty (passlib allows it).
//!
//! Weaknesses: PBKDF2 is cheap on GPUs; SHA-1 variants and low round counts (passlib's tests
//! use 1000) are fast to attack.

use super::fields::{self, B64};
use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::policy::Target;
use crate::primitives::ct_eq;
use crate::primitives::digest::Algorithm;
use crate::primitives::number::canonical_decimal;
use crate::primitives::pbkdf2::derive;
use crate::scheme::{Match, Scheme};

/// Output length of the PHC form when `l` is absent (RustCrypto's default).
const PHC_DEFAULT_LEN: u64 = 32;

/// One PBKDF2 string format (see the module documentation).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pbkdf2Digest {
    id: &'static str,
    alg: Algorithm,
    prefixes: &'static [&'static str],
    /// LDAP spelling: passlib body only.
    ldap: bool,
    /// The marker is shared with another format (Dovecot's `{PBKDF2}`): identify by the body's
    /// shape as well.
    shared_marker: bool,
}

impl Pbkdf2Digest {
    /// passlib's `$pbkdf2$` and the PHC `$pbkdf2-sha1$` / `$pbkdf2$i=`.
    pub(crate) const SHA1: Self = Self {
        id: "pbkdf2_sha1",
        alg: Algorithm::Sha1,
        prefixes: &["$pbkdf2$", "$pbkdf2-sha1$"],
        ldap: false,
        shared_marker: false,
    };
    /// `$pbkdf2-sha256$`, passlib and PHC forms.
    pub(crate) const SHA256: Self = Self {
        id: "pbkdf2_sha256",
        alg: Algorithm::Sha256,
        prefixes: &["$pbkdf2-sha256$"],
        ldap: false,
        shared_marker: false,
    };
    /// `$pbkdf2-sha512$`, passlib and PHC forms.
    pub(crate) const SHA512: Self = Self {
        id: "pbkdf2_sha512",
        alg: Algorithm::Sha512,
        prefixes: &["$pbkdf2-sha512$"],
        ldap: false,
        shared_marker: false,
    };
    /// `{PBKDF2}` (and OpenLDAP's `{PBKDF2-SHA1}`) + passlib body.
    pub(crate) const LDAP_SHA1: Self = Self {
        id: "ldap_pbkdf2_sha1",
        alg: Algorithm::Sha1,
        prefixes: &["{PBKDF2}", "{PBKDF2-SHA1}"],
        ldap: true,
        shared_marker: true,
    };
    /// `{PBKDF2-SHA256}` + passlib body.
    pub(crate) const LDAP_SHA256: Self = Self {
        id: "ldap_pbkdf2_sha256",
        alg: Algorithm::Sha256,
        prefixes: &["{PBKDF2-SHA256}"],
        ldap: true,
        shared_marker: false,
    };
    /// `{PBKDF2-SHA512}` + passlib body.
    pub(crate) const LDAP_SHA512: Self = Self {
        id: "ldap_pbkdf2_sha512",
        alg: Algorithm::Sha512,
        prefixes: &["{PBKDF2-SHA512}"],
        ldap: true,
        shared_marker: false,
    };

    /// Every PBKDF2 string format, in registration order.
    pub(crate) const ALL: [Pbkdf2Digest; 6] = [
        Self::SHA1,
        Self::SHA256,
        Self::SHA512,
        Self::LDAP_SHA1,
        Self::LDAP_SHA256,
        Self::LDAP_SHA512,
    ];

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
        let p = self.parse(cred.hash(), limits)?;
        Ok(p.portable(
            self.alg,
            crate::schemes::portable::PasswordEncoding::Utf8,
            self.id,
        ))
    }

    fn body<'a>(&self, hash: &'a str) -> Option<&'a str> {
        self.prefixes.iter().find_map(|p| hash.strip_prefix(p))
    }

    fn malformed(
        &self,
        field: &'static str,
        reason: impl Into<std::borrow::Cow<'static, str>>,
    ) -> Error {
        Error::malformed(self.id, field, reason)
    }

    fn split<'a>(&self, hash: &'a str) -> Result<Fields<'a>> {
        let body = self
            .body(hash)
            .ok_or_else(|| self.malformed("prefix", format!("expected {}", self.prefixes[0])))?;
        let mut parts = body.split('$');
        let params = parts.next().unwrap_or_default();
        let salt = parts
            .next()
            .ok_or_else(|| self.malformed("salt", "missing"))?;
        let digest = parts
            .next()
            .ok_or_else(|| self.malformed("digest", "missing"))?;
        if parts.next().is_some() {
            return Err(self.malformed("digest", "unexpected '$' after the digest"));
        }
        if !self.ldap && params.contains('=') {
            let (iterations, len) = phc_params(self.id, Some(params), PHC_DEFAULTS)?;
            Ok(Fields {
                flavour: B64::Phc,
                iterations,
                len,
                salt,
                digest,
            })
        } else {
            // 389-DS 1.4.4+ (its Rust `pwdchan` plugin, FreeIPA on RHEL 9) writes the same
            // layout in standard base64 with padding: a `+` or `=` tells it from passlib's.
            let std = |f: &str| f.contains('+') || f.contains('=');
            let flavour = if self.ldap && (std(salt) || std(digest)) {
                B64::Padded
            } else {
                B64::Ab64
            };
            Ok(Fields {
                flavour,
                iterations: canonical_decimal(self.id, "rounds", params)?,
                len: self.alg.output_len() as u64,
                salt,
                digest,
            })
        }
    }

    fn parse(&self, hash: &str, limits: &Limits) -> Result<Parsed> {
        decode(self.id, self.alg, self.split(hash)?, limits)
    }

    /// Whether `body` has the passlib shape `<digits>$<ab64>$<ab64>`.
    fn passlib_shape(body: &str) -> bool {
        let mut parts = body.split('$');
        let ok = matches!(
            (parts.next(), parts.next(), parts.next()),
            (Some(r), Some(s), Some(d)) if fields::is_digits(r) && !d.is_empty()
                && ((fields::is_ab64(s) && fields::is_ab64(d))
                    || (fields::is_padded_b64(s) && fields::is_padded_b64(d)))
        );
        ok && parts.next().is_none()
    }
}

/// What a PHC-form string leaves out: `i` where a format has a default for it, and `l`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PhcDefaults {
    /// Iterations when `i` is absent; `None` makes `i` required.
    pub(crate) iterations: Option<u64>,
    /// Output length when `l` is absent.
    pub(crate) len: u64,
}

/// RustCrypto's PHC form: `i` required, `l` 32.
const PHC_DEFAULTS: PhcDefaults = PhcDefaults {
    iterations: None,
    len: PHC_DEFAULT_LEN,
};

/// The PHC form's parameter list `i=<iterations>,l=<length>` (either order, each at most once,
/// nothing else), or `None` for a string without one, as (iterations, length).
fn phc_params(
    scheme: &'static str,
    params: Option<&str>,
    defaults: PhcDefaults,
) -> Result<(u64, u64)> {
    let list = match params {
        Some(p) => fields::phc_params(scheme, p)?,
        None => Vec::new(),
    };
    if list.iter().any(|(n, _)| !matches!(*n, "i" | "l")) {
        return Err(Error::malformed(
            scheme,
            "params",
            "only i= and l= are defined",
        ));
    }
    let iterations = match (fields::param(&list, "i"), defaults.iterations) {
        (Some(i), _) => canonical_decimal(scheme, "iterations", i)?,
        (None, Some(i)) => i,
        (None, None) => return Err(Error::malformed(scheme, "params", "i= is required")),
    };
    let len = match fields::param(&list, "l") {
        Some(l) => canonical_decimal(scheme, "l", l)?,
        None => defaults.len,
    };
    Ok((iterations, len))
}

struct Fields<'a> {
    flavour: B64,
    iterations: u64,
    len: u64,
    salt: &'a str,
    digest: &'a str,
}

/// A PBKDF2 string's cost, salt and digest, bounded and decoded.
pub(crate) struct Parsed {
    phc: bool,
    /// The iteration count, within [`Limits::pbkdf2`] together with the digest's length.
    pub(crate) iterations: u64,
    /// The salt (may be empty), within [`Limits::salt_len`].
    pub(crate) salt: Vec<u8>,
    /// The digest, exactly the stated or implied length.
    pub(crate) digest: Vec<u8>,
}

impl Parsed {
    /// The string as a portable step of PBKDF2-HMAC-`alg`.
    pub(crate) fn portable(
        self,
        alg: Algorithm,
        encoding: crate::schemes::portable::PasswordEncoding,
        scheme: &'static str,
    ) -> crate::schemes::portable::Portable {
        crate::schemes::portable::Portable {
            step: crate::schemes::portable::Step::Pbkdf2 {
                alg,
                iterations: self.iterations,
                salt: self.salt,
                encoding,
            },
            digest: self.digest,
            scheme,
        }
    }
}

/// Bound PBKDF2-HMAC-`alg` at the fields' cost, then decode the salt and the digest.
fn decode(scheme: &'static str, alg: Algorithm, f: Fields<'_>, limits: &Limits) -> Result<Parsed> {
    let len = usize::try_from(f.len).unwrap_or(usize::MAX);
    limits.pbkdf2(scheme, alg, f.iterations, len)?;
    let salt = fields::salt(scheme, f.salt, f.flavour, limits)?;
    let digest = fields::digest(scheme, f.digest, f.flavour, limits)?;
    if digest.len() != len {
        return Err(Error::malformed(
            scheme,
            "digest",
            format!("expected {len} bytes, found {}", digest.len()),
        ));
    }
    Ok(Parsed {
        phc: f.flavour == B64::Phc,
        iterations: f.iterations,
        salt,
        digest,
    })
}

/// Parse the PHC form's fields after the `$pbkdf2-<digest>$` identifier, for PBKDF2-HMAC-`alg`:
/// the parameter list (`None` where a format lets the whole list be left out), the salt and the
/// digest, in standard base64 without padding. Every cost is bounded before decoding. Shared
/// with Auth0's `pbkdf2` body, which names digests these schemes do not and has defaults of its
/// own.
///
/// # Errors
/// [`crate::ErrorKind::Malformed`] for a bad list, base64 or length; [`crate::ErrorKind::Limit`]
/// from [`Limits::pbkdf2`] and [`Limits::salt_len`].
pub(crate) fn parse_phc(
    scheme: &'static str,
    alg: Algorithm,
    params: Option<&str>,
    salt: &str,
    digest: &str,
    defaults: PhcDefaults,
    limits: &Limits,
) -> Result<Parsed> {
    let (iterations, len) = phc_params(scheme, params, defaults)?;
    let f = Fields {
        flavour: B64::Phc,
        iterations,
        len,
        salt,
        digest,
    };
    decode(scheme, alg, f, limits)
}

impl Scheme for Pbkdf2Digest {
    fn id(&self) -> &str {
        self.id
    }

    fn prefixes(&self) -> &[&'static str] {
        self.prefixes
    }

    fn identify(&self, hash: &str) -> Match {
        match self.body(hash) {
            Some(body) if !self.shared_marker || Self::passlib_shape(body) => Match::Exact,
            _ => Match::No,
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = self.parse(cred.hash(), limits)?;
        let ours = derive(
            self.id,
            self.alg,
            password,
            &p.salt,
            p.iterations,
            p.digest.len(),
            limits,
        )?;
        Ok(ct_eq(&ours, &p.digest))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = self.parse(cred.hash(), limits)?;
        Ok(vec![
            ("form", if p.phc { "phc" } else { "passlib" }.to_owned()),
            ("rounds", p.iterations.to_string()),
            ("salt_bytes", p.salt.len().to_string()),
            ("digest_bytes", p.digest.len().to_string()),
        ])
    }

    fn as_target(&self, cred: &Credential) -> Option<Target> {
        if self.ldap || self.alg != Algorithm::Sha256 {
            return None;
        }
        let f = self.split(cred.hash()).ok()?;
        (f.len == 32 && B64::max_decoded_len(f.digest.len()) == 32).then_some(())?;
        Some(Target::Pbkdf2Sha256 {
            iterations: u32::try_from(f.iterations).ok()?,
        })
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on an unexpected error"
)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn verify(s: Pbkdf2Digest, pw: &str, hash: &str) -> Result<bool> {
        s.verify(pw.as_bytes(), &Credential::new(hash), &Limits::DEFAULT)
    }

    #[test]
    fn passlib_known_answers() {
        // hashcat's example hashes for modes 20400, 20300 (passlib pbkdf2-sha1/sha256).
        let h = "$pbkdf2$131000$r5WythYixPgfQ2jt3buXcg$8Kdr.QQEOaZIXNOrrru36I/.6Po";
        assert!(verify(Pbkdf2Digest::SHA1, "hashcat", h).unwrap());
        let h = "$pbkdf2-sha256$29000$x9h7j/Ge8x6DMEao1VqrdQ$kra3R1wEnY8mPdDWOpTqOTINaAmZvRMcYd8u5OBQP9A";
        assert!(verify(Pbkdf2Digest::SHA256, "hashcat", h).unwrap());
        assert!(!verify(Pbkdf2Digest::SHA256, "hashcaT", h).unwrap());
        // libpass 1.9.4.
        let h = "$pbkdf2-sha512$1000$2vs/5xwjJEQoJSSkVKoVIg$O.d9SvvKVBkzPaz.THirdNTkqLi2/rUDpxHp5OXgY0BH/1Tg.mV9lNyRjkHmbQYyEor8pEYOYaP4Oa3TxSUm0w";
        assert!(verify(Pbkdf2Digest::SHA512, "密码", h).unwrap());
        let h = "{PBKDF2-SHA256}1000$55xz7j3HWOt9T.l9T0npfQ$SysUVCFVjIxYf6/0o5UoCPZ/6GuZEZ/VbpyvqCIjDbk";
        assert!(verify(Pbkdf2Digest::LDAP_SHA256, "pässwörd", h).unwrap());
        let h = "{PBKDF2}1000$g/A.RyjFOCeEEAJgbO2dcw$J70PCb0oHQfx7v7I4lRSqgKWZls";
        assert!(verify(Pbkdf2Digest::LDAP_SHA1, "password", h).unwrap());
        assert!(!verify(Pbkdf2Digest::LDAP_SHA1, "qassword", h).unwrap());
    }

    #[test]
    fn phc_known_answers() {
        // RustCrypto pbkdf2's PHC test: P="passwordPASSWORDpassword",
        // S="saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096 rounds, 40 bytes (RFC 7914 / RFC 6070 style).
        let h = "$pbkdf2-sha256$i=4096,l=40$c2FsdFNBTFRzYWx0U0FMVHNhbHRTQUxUc2FsdFNBTFRzYWx0$NIyJ28vTKy8y2BS4EW6EzysXNH68GAAYHE4qH7jdU+HGNVGMfaxH6Q";
        assert!(verify(Pbkdf2Digest::SHA256, "passwordPASSWORDpassword", h).unwrap());
        // Auth0 import form over SHA-1 with a 64-byte output.
        let h = "$pbkdf2-sha1$i=1000,l=64$9s5chGK2IWHqigBx5MCw7w$yynbNhaxICtUakR0atPUdr5t128Bi7lIueY5OMec5y0Rg9vFlZsy3b8yB7BNMpAldpC8/awEAm+uOE9r7Trn9A";
        assert!(verify(Pbkdf2Digest::SHA1, "密码123", h).unwrap());
        // A SHA-256 PHC string with a 20-byte output.
        let h = "$pbkdf2-sha256$i=1,l=20$pP6VkipFjxFeLp9swFlx3Q$2IE9beSXkNl/ShZwPMyesmyUPtA";
        let pw = format!("{}tail", "A".repeat(72));
        assert!(verify(Pbkdf2Digest::SHA256, &pw, h).unwrap());
        assert_eq!(Pbkdf2Digest::SHA256.as_target(&Credential::new(h)), None);
        // The policy target's own strings.
        let h = Target::Pbkdf2Sha256 { iterations: 1000 }
            .hash(b"pw", &Limits::DEFAULT)
            .unwrap();
        assert!(verify(Pbkdf2Digest::SHA256, "pw", &h).unwrap());
        assert_eq!(
            Pbkdf2Digest::SHA256.as_target(&Credential::new(h)),
            Some(Target::Pbkdf2Sha256 { iterations: 1000 })
        );
    }

    #[test]
    fn rfc6070_through_the_phc_form() {
        // RFC 6070: "password"/"salt", 4096 iterations, 20 bytes.
        let salt = B64::Phc.encode(b"salt");
        let dk = crate::encoding::hex::decode("4b007901b765489abead49d926f721d065a429c1").unwrap();
        let h = format!("$pbkdf2$i=4096,l=20${salt}${}", B64::Phc.encode(&dk));
        assert!(verify(Pbkdf2Digest::SHA1, "password", &h).unwrap());
    }

    #[test]
    fn rejects_malformed() {
        let s = Pbkdf2Digest::SHA256;
        for h in [
            "",
            "$pbkdf2-sha256$29000$x9h7j/Ge8",
            "$pbkdf2-sha256$29000$x9h7j/Ge8x6DMEao1VqrdQ$kra3R1",
            "$pbkdf2-sha256$29000$x9h7j/Ge8x6DMEao1VqrdQ$kra3R1wEnY8mPdDWOpTqOTINaAmZvRMcYd8u5OBQP9",
            "$pbkdf2-sha256$29000$x9h7j/Ge8x6DMEao1VqrdQ\0kra3R1wEnY8mPdDWOpTqOTINaAmZvRMcYd8u5OBQP9A",
            "$pbkdf2-sha256$29000$x9h7j/Ge8x6DMEao1VqrdQ$kra3R1wEnY8mPdDWOpTqOTINaAmZvRMcYd8u5OBQP9A ",
            "$pbkdf2-sha256$29000$x9h7j/Ge8x6DMEao1VqrdQ$kra3R1wEnY8mPdDWOpTqOTINaAmZvRMcYd8u5OBQP9!",
            "$pbkdf2-sha256$0$x9h7j/Ge8x6DMEao1VqrdQ$kra3R1wEnY8mPdDWOpTqOTINaAmZvRMcYd8u5OBQP9A",
            "$pbkdf2-sha256$029000$x9h7j/Ge8x6DMEao1VqrdQ$kra3R1wEnY8mPdDWOpTqOTINaAmZvRMcYd8u5OBQP9A",
            "$pbkdf2-sha256$i=1000,i=1000,l=32$c2FsdA$aGFzaA",
            "$pbkdf2-sha256$l=32$c2FsdA$aGFzaA",
            "$pbkdf2-sha256$i=1000,l=32,x=1$c2FsdA$aGFzaA",
            "$pbkdf2-sha256$i=1000,l=32$c2FsdA$aGFzaA",
            "$pbkdf2-sha256$i=1000,l=32$c2FsdA==$aGFzaA",
        ] {
            assert_eq!(
                verify(s, "hashcat", h).unwrap_err().kind(),
                ErrorKind::Malformed,
                "{h:?}"
            );
        }
        for h in [
            "$pbkdf2-sha256$i=4294967295,l=32$c2FsdA$aGFzaA",
            "$pbkdf2-sha256$i=1000,l=4294967295$c2FsdA$aGFzaA",
            "$pbkdf2-sha256$99999999999$x9h7j/Ge8x6DMEao1VqrdQ$kra3R1wEnY8mPdDWOpTqOTINaAmZvRMcYd8u5OBQP9A",
        ] {
            assert_eq!(
                verify(s, "hashcat", h).unwrap_err().kind(),
                ErrorKind::Limit,
                "{h:?}"
            );
        }
    }

    /// 389-DS 2.3's `pwdhash -s PBKDF2-SHA1`: OpenLDAP's layout in padded standard base64.
    #[test]
    fn ds389_pwdchan_padded_base64() {
        let h = "{PBKDF2-SHA1}10000$KC8aUOoWvMQLTs2WaKOjzt7mBj+7sjRA$5bpdPKx9RrcxN/cqEjGcPcApx7I=";
        assert_eq!(Pbkdf2Digest::LDAP_SHA1.identify(h), Match::Exact);
        assert!(verify(Pbkdf2Digest::LDAP_SHA1, "secret123", h).unwrap());
        assert!(!verify(Pbkdf2Digest::LDAP_SHA1, "secret124", h).unwrap());
        // Padding that is not canonical is still refused.
        let bad = "{PBKDF2-SHA1}10000$KC8aUOoWvMQLTs2WaKOjzt7mBj+7sjRA$5bpdPKx9RrcxN/cqEjGcPcApx7I";
        assert!(verify(Pbkdf2Digest::LDAP_SHA1, "secret123", bad).is_err());
    }

    #[test]
    fn ldap_marker_shared_with_dovecot() {
        let s = Pbkdf2Digest::LDAP_SHA1;
        assert_eq!(
            s.identify("{PBKDF2}1000$g/A.RyjFOCeEEAJgbO2dcw$J70PCb0oHQfx7v7I4lRSqgKWZls"),
            Match::Exact
        );
        assert_eq!(
            s.identify("{PBKDF2-SHA1}1000$$J70PCb0oHQfx7v7I4lRSqgKWZls"),
            Match::Exact
        );
        assert_eq!(
            s.identify("{PBKDF2}$1$KHOrGeSY9SGlVpoS$5000$608694b2d34e4ed74f65a81c1dcb8c94b136f1f9"),
            Match::No
        );
        assert_eq!(
            s.identify("{PBKDF2-SHA256}1000$55xz7j3HWOt9T.l9T0npfQ$SysU"),
            Match::No
        );
        assert_eq!(
            Pbkdf2Digest::SHA1.identify("$pbkdf2-sha256$1000$a$b"),
            Match::No
        );
    }
}
