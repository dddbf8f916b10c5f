//! Spring Security's `DelegatingPasswordEncoder` (Spring Security 5.0+): `{id}<encoded>`, where
//! the id names the encoder that wrote the rest. The ids and encoders are those of
//! `PasswordEncoderFactories.createDelegatingPasswordEncoder()`:
//!
//! | id | encoder | encoded form |
//! |---|---|---|
//! | `bcrypt` | `BCryptPasswordEncoder` | `$2a$10$...` (the `bcrypt` scheme) |
//! | `argon2`, `argon2@SpringSecurity_v5_8` | `Argon2PasswordEncoder` | a PHC string (the `argon2` scheme) |
//! | `pbkdf2` | `Pbkdf2PasswordEncoder` v5.5 defaults | hex of `salt[8] \|\| PBKDF2-HMAC-SHA1(pw, salt \|\| secret, 185000)[32]` |
//! | `pbkdf2@SpringSecurity_v5_8` | v5.8 defaults | hex of `salt[16] \|\| PBKDF2-HMAC-SHA256(pw, salt \|\| secret, 310000)[32]` |
//! | `scrypt`, `scrypt@SpringSecurity_v5_8` | `SCryptPasswordEncoder` | `$<hex params>$<b64 salt>$<b64 key[32]>`, params = `log2(N) << 16 \| r << 8 \| p` |
//! | `sha256` | `StandardPasswordEncoder` | hex of `salt[8] \|\| SHA-256^1024(salt \|\| secret \|\| pw)` |
//! | `MD5`, `SHA-1`, `SHA-256`, `MD4` | `MessageDigestPasswordEncoder`, `Md4PasswordEncoder` | `{salt}hex(H(pw \|\| "{salt}"))`, the salt with its braces; or bare hex without salt |
//! | `ldap` | `LdapShaPasswordEncoder` | `{SSHA}b64(SHA-1(pw \|\| salt) \|\| salt)`, `{SHA}b64(SHA-1(pw))`, or plain text |
//! | `noop` | `NoOpPasswordEncoder` | the password itself |
//!
//! The pbkdf2 and sha256 encoders can be built with a secret (a pepper) kept in the application's
//! configuration: pass it as `params.secret`. Passwords are hashed as UTF-8, as Spring's
//! `Utf8.encode` does. Costs are bounded before any work: scrypt's N·r·p with [`Limits::scrypt`],
//! PBKDF2 iterations are the encoders' fixed defaults.
//!
//! `{MD5}<32 hex>` without a salt is byte for byte the LDAP `{MD5}` hex form (`ldap_hex_md5`)
//! and computes the same thing; identification leaves it to that scheme. Every form is
//! upgraded: the importing system stores the bare target hash, not Spring's wrapper.

use std::sync::Arc;

use crate::credential::Credential;
use crate::encoding::{b64, hex};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::number::hex_number;
use crate::primitives::{Algorithm, ct_eq, pbkdf2};
use crate::scheme::{Match, Scheme};

use super::common::{b64_padded, fields, hex_any, need};
use crate::primitives::scrypt::{ScryptCost, derive as scrypt};

const ID: &str = "spring_delegating";

/// The encoder an id selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoder {
    Bcrypt,
    Argon2,
    /// Salt length, PRF, iterations.
    Pbkdf2(usize, Algorithm, u64),
    Scrypt,
    Standard,
    MessageDigest(Algorithm),
    Ldap,
    Noop,
}

const ENCODERS: &[(&str, Encoder)] = &[
    ("bcrypt", Encoder::Bcrypt),
    ("ldap", Encoder::Ldap),
    ("MD4", Encoder::MessageDigest(Algorithm::Md4)),
    ("MD5", Encoder::MessageDigest(Algorithm::Md5)),
    ("noop", Encoder::Noop),
    ("pbkdf2", Encoder::Pbkdf2(8, Algorithm::Sha1, 185_000)),
    (
        "pbkdf2@SpringSecurity_v5_8",
        Encoder::Pbkdf2(16, Algorithm::Sha256, 310_000),
    ),
    ("scrypt", Encoder::Scrypt),
    ("scrypt@SpringSecurity_v5_8", Encoder::Scrypt),
    ("SHA-1", Encoder::MessageDigest(Algorithm::Sha1)),
    ("SHA-256", Encoder::MessageDigest(Algorithm::Sha256)),
    ("sha256", Encoder::Standard),
    ("argon2", Encoder::Argon2),
    ("argon2@SpringSecurity_v5_8", Encoder::Argon2),
];

const PREFIXES: &[&str] = &[
    "{bcrypt}",
    "{ldap}",
    "{MD4}",
    "{MD5}",
    "{noop}",
    "{pbkdf2}",
    "{pbkdf2@SpringSecurity_v5_8}",
    "{scrypt}",
    "{scrypt@SpringSecurity_v5_8}",
    "{SHA-1}",
    "{SHA-256}",
    "{sha256}",
    "{argon2}",
    "{argon2@SpringSecurity_v5_8}",
];

/// `{id}` and the encoded rest, as `DelegatingPasswordEncoder` splits them.
fn split(hash: &str) -> Option<(&str, Encoder, &str)> {
    let (id, rest) = hash.strip_prefix('{')?.split_once('}')?;
    let enc = ENCODERS.iter().find(|(i, _)| *i == id)?.1;
    Some((id, enc, rest))
}

/// `MessageDigestPasswordEncoder`'s optional `{salt}` (kept with its braces) and the digest text.
fn md_salt(rest: &str) -> (&str, &str) {
    if let Some(end) = rest.find('}').filter(|_| rest.starts_with('{')) {
        return rest.split_at(end + 1);
    }
    ("", rest)
}

fn is_hex(s: &str) -> bool {
    !s.is_empty() && s.len().is_multiple_of(2) && s.bytes().all(|c| c.is_ascii_hexdigit())
}

/// `spring_delegating`.
pub(crate) struct SpringDelegating {
    bcrypt: Option<Arc<dyn Scheme>>,
    argon2: Option<Arc<dyn Scheme>>,
}

impl SpringDelegating {
    /// Over the `bcrypt` and `argon2` schemes of this build (either may be absent: those ids then
    /// answer `unsupported`).
    pub(crate) fn new(bcrypt: Option<Arc<dyn Scheme>>, argon2: Option<Arc<dyn Scheme>>) -> Self {
        SpringDelegating { bcrypt, argon2 }
    }

    fn parts<'a>(&self, cred: &'a Credential) -> Result<(&'a str, Encoder, &'a str)> {
        split(cred.hash()).ok_or_else(|| {
            Error::malformed(ID, "prefix", "expected a known {id} of Spring's encoders")
        })
    }
}

fn secret(cred: &Credential) -> &[u8] {
    cred.params().get("secret").unwrap_or("").as_bytes()
}

fn verify_pbkdf2(
    password: &[u8],
    cred: &Credential,
    rest: &str,
    (salt_len, alg, iterations): (usize, Algorithm, u64),
    limits: &Limits,
) -> Result<bool> {
    let blob = hex_any(ID, "digest", rest)?;
    if blob.len() != salt_len + 32 {
        return Err(Error::malformed(
            ID,
            "digest",
            format!("pbkdf2: expected {} bytes of salt and hash", salt_len + 32),
        ));
    }
    let (salt, stored) = blob.split_at(salt_len);
    let salt_secret = [salt, secret(cred)].concat();
    let ours = pbkdf2::derive(ID, alg, password, &salt_secret, iterations, 32, limits)?;
    Ok(ct_eq(&ours, stored))
}

struct ScryptParams {
    n: u64,
    r: u64,
    p: u64,
    salt: Vec<u8>,
    key: Vec<u8>,
}

fn parse_scrypt(rest: &str, limits: &Limits) -> Result<ScryptParams> {
    let body = rest
        .strip_prefix('$')
        .ok_or_else(|| Error::malformed(ID, "scrypt", "expected $params$salt$key"))?;
    let [params, salt, key] = fields::<3>(ID, body)?;
    let v = hex_number(ID, "scrypt params", params)?;
    let log_n = (v >> 16) & 0xffff;
    let n = 1u64
        .checked_shl(u32::try_from(log_n).unwrap_or(u32::MAX))
        .filter(|_| log_n < 64)
        .ok_or_else(|| Error::limit(ID, "log2 N", log_n, 63, ""))?;
    let (r, p) = ((v >> 8) & 0xff, v & 0xff);
    limits.scrypt(ID, n, r, p)?;
    let salt = b64::decode(&b64::STANDARD, salt)
        .ok_or_else(|| Error::malformed(ID, "salt", "not valid base64"))?;
    let key = b64::decode(&b64::STANDARD, key)
        .filter(|k| k.len() == 32)
        .ok_or_else(|| Error::malformed(ID, "digest", "expected base64 of 32 bytes"))?;
    Ok(ScryptParams { n, r, p, salt, key })
}

fn verify_standard(password: &[u8], cred: &Credential, rest: &str) -> Result<bool> {
    let blob = hex_any(ID, "digest", rest)?;
    if blob.len() != 8 + 32 {
        return Err(Error::malformed(
            ID,
            "digest",
            "sha256: expected 8 bytes of salt and 32 of hash",
        ));
    }
    let (salt, stored) = blob.split_at(8);
    let mut d = Algorithm::Sha256.digest(&[salt, secret(cred), password]);
    for _ in 1..1024 {
        d = Algorithm::Sha256.digest(&[d.as_bytes()]);
    }
    Ok(ct_eq(d.as_bytes(), stored))
}

fn verify_message_digest(password: &[u8], rest: &str, alg: Algorithm) -> Result<bool> {
    let (salt, digest) = md_salt(rest);
    if digest.len() != 2 * alg.output_len() {
        return Err(Error::malformed(
            ID,
            "digest",
            format!("expected {} hex digits", 2 * alg.output_len()),
        ));
    }
    let stored = hex::decode(digest).ok_or_else(|| Error::malformed(ID, "digest", "not hex"))?;
    let ours = alg.digest(&[password, salt.as_bytes()]);
    Ok(ct_eq(ours.as_bytes(), &stored))
}

fn verify_ldap(password: &[u8], rest: &str) -> Result<bool> {
    let salted = ["{SSHA}", "{ssha}"]
        .iter()
        .find_map(|p| rest.strip_prefix(p));
    let plain = ["{SHA}", "{sha}"].iter().find_map(|p| rest.strip_prefix(p));
    let (blob, salted) = match (salted, plain) {
        (Some(b), _) => (b, true),
        (None, Some(b)) => (b, false),
        (None, None) if rest.starts_with('{') => {
            return Err(Error::malformed(ID, "ldap", "expected {SSHA} or {SHA}"));
        }
        // LdapShaPasswordEncoder compares a string without a prefix as plain text.
        (None, None) => return Ok(ct_eq(password, rest.as_bytes())),
    };
    let blob = b64_padded(ID, "digest", blob)?;
    if blob.len() < 20 || (!salted && blob.len() != 20) {
        return Err(Error::malformed(
            ID,
            "digest",
            "ldap: SHA-1 digest too short",
        ));
    }
    let (stored, salt) = blob.split_at(20);
    let ours = Algorithm::Sha1.digest(&[password, salt]);
    Ok(ct_eq(ours.as_bytes(), stored))
}

impl Scheme for SpringDelegating {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        PREFIXES
    }

    fn identify(&self, hash: &str) -> Match {
        let Some((_, enc, rest)) = split(hash) else {
            return Match::No;
        };
        let fits = match enc {
            Encoder::Bcrypt => match &self.bcrypt {
                Some(b) => b.identify(rest) != Match::No,
                None => rest.starts_with("$2"),
            },
            Encoder::Argon2 => rest.starts_with("$argon2"),
            Encoder::Pbkdf2(..) => is_hex(rest),
            // StandardPasswordEncoder always writes 8 bytes of salt and 32 of digest; Dovecot's
            // lower-case `{sha256}` is 64 hex digits or base64 and must stay Dovecot's.
            Encoder::Standard => rest.len() == 80 && is_hex(rest),
            Encoder::Scrypt => rest.starts_with('$') && rest.matches('$').count() == 3,
            Encoder::MessageDigest(alg) => match md_salt(rest) {
                ("", d) => alg != Algorithm::Md5 && is_hex(d),
                (_, d) => is_hex(d),
            },
            Encoder::Ldap | Encoder::Noop => true,
        };
        if fits { Match::Exact } else { Match::No }
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let (_, enc, rest) = self.parts(cred)?;
        match enc {
            Encoder::Bcrypt => {
                need(ID, &self.bcrypt, "bcrypt")?.verify(password, &cred.with_hash(rest), limits)
            }
            Encoder::Argon2 => {
                need(ID, &self.argon2, "argon2")?.verify(password, &cred.with_hash(rest), limits)
            }
            Encoder::Pbkdf2(s, a, i) => verify_pbkdf2(password, cred, rest, (s, a, i), limits),
            Encoder::Scrypt => {
                let p = parse_scrypt(rest, limits)?;
                let ours = scrypt(
                    ID,
                    password,
                    &p.salt,
                    ScryptCost::scrypt(p.n, p.r, p.p),
                    32,
                    limits,
                )?;
                Ok(ct_eq(&ours, &p.key))
            }
            Encoder::Standard => verify_standard(password, cred, rest),
            Encoder::MessageDigest(alg) => verify_message_digest(password, rest, alg),
            Encoder::Ldap => verify_ldap(password, rest),
            Encoder::Noop => Ok(ct_eq(password, rest.as_bytes())),
        }
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (id, enc, rest) = self.parts(cred)?;
        let mut out = vec![("encoder", id.to_owned())];
        match enc {
            Encoder::Bcrypt => out
                .extend(need(ID, &self.bcrypt, "bcrypt")?.inspect(&cred.with_hash(rest), limits)?),
            Encoder::Argon2 => out
                .extend(need(ID, &self.argon2, "argon2")?.inspect(&cred.with_hash(rest), limits)?),
            Encoder::Pbkdf2(_, _, i) => out.push(("iterations", i.to_string())),
            Encoder::Scrypt => {
                let p = parse_scrypt(rest, limits)?;
                out.push(("N", p.n.to_string()));
                out.push(("r", p.r.to_string()));
                out.push(("p", p.p.to_string()));
            }
            Encoder::Standard => out.push(("rounds", "1024".to_owned())),
            _ => {}
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn spring() -> SpringDelegating {
        SpringDelegating::new(
            crate::schemes::core("bcrypt"),
            crate::schemes::core("argon2"),
        )
    }

    fn check(s: &SpringDelegating, hash: &str, password: &str) {
        let c = Credential::new(hash);
        assert_eq!(s.identify(hash), Match::Exact, "{hash}");
        assert!(
            s.verify(password.as_bytes(), &c, &Limits::DEFAULT).unwrap(),
            "{hash}"
        );
        let wrong = format!("{password}x");
        assert!(
            !s.verify(wrong.as_bytes(), &c, &Limits::DEFAULT).unwrap(),
            "{hash}"
        );
    }

    /// spring-security crypto/src/test/java/org/springframework/security/crypto/factory/
    /// PasswordEncoderFactoriesTests.java: every one encodes "password".
    #[test]
    fn factory_test_vectors() {
        let s = spring();
        for h in [
            "{ldap}{SSHA}igvD9lOiTXm16dmOw0YWRb9OjK2ThZvdQku2EQ==",
            "{MD4}{KYp8/QErWyQemYazZQ8UnWWfbGbkYkVC8qMi0duoA84=}152ce09d3261d2b53cac55b2ea4d1c7a",
            "{MD5}{aRYR+Yp2xSqtgF+vtjH6jNda6M083iEbP+zCFjLt9IA=}905e382a25eed53e22224223b3581092",
            "{noop}password",
            "{pbkdf2}5d923b44a6d129f3ddf3e3c8d29412723dcbde72445e8ef6bf3b508fbf17fa4ed4d6b99ca763d8dc",
            "{scrypt}$e0801$8bWJaSu2IKSn9Z9kM+TPXfOc/9bdYSrN1oD9qfVThWEwdRTnO7re7Ei+fUZRJ68k9lTyuTeUp4of4g24hHnazw==$OAOec05+bXxvuu/1qZ6NUR+xQYvYv7BeL1QxwRpY5Pc=",
            "{SHA-1}{6581QepZz2qd8jVrT2QYPVtK8DuM2n45dVslmc3UTWc=}4f31573948ddbfb8ac9dd80107dfad13fd8f2454",
            "{SHA-256}{UisHp3pFSMqcqrhQsrhR+hspIG0SyMDyDW/XtY+t6nA=}a98efbaf59277bfd1837c33fd4fde67de5bcfd2205bcba0992f6fc32b03a8f88",
            "{sha256}97cde38028ad898ebc02e690819fa220e88c62e0699403e94fff291cfffaf8410849f27605abcbc0",
        ] {
            check(&s, h, "password");
        }
        if s.bcrypt.is_some() {
            check(
                &s,
                "{bcrypt}$2a$10$dXJ3SW6G7P50lGmMkkmwe.20cQQubK3.HZWzG3YB1tlRy.fqvM/BG",
                "password",
            );
        }
        if s.argon2.is_some() {
            check(
                &s,
                "{argon2}$argon2d$v=19$m=1024,t=1,p=1$c29tZXNhbHQ$Li5eBf5XrCz0cuzQRe9oflYqmA/VAzmzichw4ZYrvEU",
                "password",
            );
        }
    }

    /// Encoder test sources in the same repository: Pbkdf2PasswordEncoderTests
    /// (`matchWhenDefaultsForSpringSecurity_v5_8ThenSuccess`, `passivity` with secret "secret"),
    /// MessageDigestPasswordEncoderTests and Md4PasswordEncoderTests, LdapShaPasswordEncoderTests.
    #[test]
    fn encoder_test_vectors() {
        let s = spring();
        check(
            &s,
            "{pbkdf2@SpringSecurity_v5_8}fefe5120467e5d4ccff442dbb2fa86d276262d97435c0c54e5eebced51ffd144fcb05eb53fea2677216c4f3250010006",
            "password",
        );
        let c = Credential::new(
            "{pbkdf2}ab1146a8458d4ce4e65789e5a3f60e423373cfa10b01abd23739e5ae2fdc37f8e9ede4ae6da65264",
        );
        assert!(!s.verify(b"password", &c, &Limits::DEFAULT).unwrap());
        let c = c.with_param("secret", "secret");
        assert!(s.verify(b"password", &c, &Limits::DEFAULT).unwrap());
        check(
            &s,
            "{MD5}{THIS_IS_A_SALT}a68aafd90299d0b137de28fb4bb68573",
            "abc123",
        );
        check(
            &s,
            "{MD5}{salt}ce421738b1c5540836bdc8ff707f1572",
            "password",
        );
        check(&s, "{MD5}{}f1026a66095fc2058c1f8771ed05d6da", "password");
        check(
            &s,
            "{SHA-1}{THIS_IS_A_SALT}b2f50ffcbd3407fe9415c062d55f54731f340d32",
            "abc123",
        );
        check(
            &s,
            "{MD4}{thisissalt}6cc7924dad12ade79dfb99e424f25260",
            "password",
        );
        check(
            &s,
            "{MD4}a7f1196539fd1f85f754ffd185b16e6e",
            "\u{4F60}\u{597d}",
        );
        check(
            &s,
            "{ldap}{SHA}ddSFGmjXYPbZC+NXR2kCzBRjqiE=",
            "boabspasswurd",
        );
        check(
            &s,
            "{ldap}{ssha}PQy2j+6n5ytA+YlAKkM8Fh4p6u2JxfVd",
            "boabspasswurd",
        );
        check(&s, "{ldap}plain", "plain");
        // Unsalted {MD5} is left to ldap_hex_md5 when identifying, but verifies by hint.
        let c = Credential::new("{MD5}5f4dcc3b5aa765d61d8327deb882cf99");
        assert_eq!(s.identify(c.hash()), Match::No);
        assert!(s.verify(b"password", &c, &Limits::DEFAULT).unwrap());
    }

    #[test]
    fn rejects_malformed() {
        let s = spring();
        let l = Limits::DEFAULT;
        for (h, kind) in [
            ("{unknown}abc", ErrorKind::Malformed),
            ("noprefix", ErrorKind::Malformed),
            (
                "{pbkdf2}5d923b44a6d129f3ddf3e3c8d29412723dcbde72445e8ef6bf3b508fbf17fa4ed4d6b99ca763d8",
                ErrorKind::Malformed,
            ),
            ("{pbkdf2}zz", ErrorKind::Malformed),
            (
                "{sha256}97cde38028ad898ebc02e690819fa220e88c62e0699403e94fff291cfffaf841",
                ErrorKind::Malformed,
            ),
            (
                "{scrypt}$280801$c2FsdA==$OAOec05+bXxvuu/1qZ6NUR+xQYvYv7BeL1QxwRpY5Pc=",
                ErrorKind::Limit,
            ),
            (
                "{scrypt}$ffff0801$c2FsdA==$OAOec05+bXxvuu/1qZ6NUR+xQYvYv7BeL1QxwRpY5Pc=",
                ErrorKind::Limit,
            ),
            (
                "{scrypt}$e0800$c2FsdA==$OAOec05+bXxvuu/1qZ6NUR+xQYvYv7BeL1QxwRpY5Pc=",
                ErrorKind::Malformed,
            ),
            (
                "{scrypt}$e0801$c2FsdA==$OAOec05+bXxvuu",
                ErrorKind::Malformed,
            ),
            ("{scrypt}$e0801$c2FsdA==", ErrorKind::Malformed),
            (
                "{scrypt}e0801$c2FsdA==$OAOec05+bXxvuu/1qZ6NUR+xQYvYv7BeL1QxwRpY5Pc=",
                ErrorKind::Malformed,
            ),
            (
                "{MD5}{salt}ce421738b1c5540836bdc8ff707f15",
                ErrorKind::Malformed,
            ),
            ("{SHA-1}{salt", ErrorKind::Malformed),
            ("{ldap}{MD9}xxxxxxxxxx", ErrorKind::Malformed),
            ("{ldap}{SSHA}c2FsdA==", ErrorKind::Malformed),
        ] {
            let e = s.verify(b"password", &Credential::new(h), &l).unwrap_err();
            assert_eq!(e.kind(), kind, "{h}");
        }
        let none = SpringDelegating::new(None, None);
        let e = none
            .verify(b"password", &Credential::new("{bcrypt}$2a$04$x"), &l)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unsupported);
        // Other families' braces are not Spring's.
        for h in [
            "{SSHA}abcd",
            "{MD5}X03MO1qnZdYdgyfeuILPmQ==",
            "{CRYPT}$1$abc",
            "{SHA}abc",
        ] {
            assert_eq!(s.identify(h), Match::No, "{h}");
        }
    }
}
