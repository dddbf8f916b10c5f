//! The password-hash bodies, one per `algorithm`. Where a body is another family's format it
//! is read by that family's parser, so limits and checks are the same everywhere: `pbkdf2` by
//! the PHC family's PBKDF2 reader, `ldap` by the directory family's RFC 2307 decoders, `bcrypt`
//! and `argon2` by their schemes at verify time. Only what is Auth0's own is read here: the
//! digest names (OpenSSL's, as Node.js takes them), the HMAC key object and scrypt's members.

use zeroize::Zeroizing;

use super::ID;
use super::schema::Document;
use crate::encoding::digest_text::DigestText;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::Algorithm;
use crate::primitives::scrypt::ScryptCost;
use crate::schemes::directory::digest as unsalted;
use crate::schemes::directory::salted::Salted;
use crate::schemes::phc::pbkdf2::{self, PhcDefaults};
use crate::schemes::vendor::common::{Encoding, Obj};

/// The plain digest algorithms.
const PLAIN_DIGESTS: &[&str] = &["md4", "md5", "sha1", "sha256", "sha512"];

/// What Auth0's PBKDF2 strings may leave out: `i` is 100000 and `l` 64, as Auth0 documents.
const PBKDF2_DEFAULTS: PhcDefaults = PhcDefaults {
    iterations: Some(100_000),
    len: 64,
};

/// The algorithm-specific part of a parsed object: decoded and bounded, nothing computed.
pub(super) enum Body {
    Digest {
        alg: Algorithm,
        expected: Vec<u8>,
    },
    Hmac {
        alg: Algorithm,
        key: Zeroizing<Vec<u8>>,
        expected: Vec<u8>,
    },
    Pbkdf2 {
        alg: Algorithm,
        phc: pbkdf2::Parsed,
    },
    Scrypt {
        cost: ScryptCost,
        expected: Vec<u8>,
    },
    Ldap {
        alg: Algorithm,
        value: Ldap,
    },
    Bcrypt(String),
    Argon2(String),
}

/// An RFC 2307 value of the `ldap` body.
pub(super) enum Ldap {
    /// `{MD5}`, `{SHA}`, ...: the digest alone.
    Unsalted(Vec<u8>),
    /// `{SMD5}`, `{SSHA}`, ...: digest then salt.
    Salted(Salted),
}

impl Body {
    /// The body `doc` names, with the algorithm's name as Auth0 spells it.
    pub(super) fn parse(doc: &Document<'_>, limits: &Limits) -> Result<(&'static str, Body)> {
        let unknown = || {
            Error::malformed(
                ID,
                "algorithm",
                "unknown; expected argon2, bcrypt, hmac, ldap, md4, md5, sha1, sha256, sha512, pbkdf2 or scrypt",
            )
        };
        if let Some(&name) = PLAIN_DIGESTS.iter().find(|d| **d == doc.algorithm) {
            let alg = Algorithm::from_name(name).ok_or_else(unknown)?;
            let expected = doc.raw_hash()?;
            require_len("hash.value", &expected, alg.output_len())?;
            return Ok((name, Body::Digest { alg, expected }));
        }
        Ok(match (doc.algorithm, &doc.hash) {
            ("hmac", Some(hash)) => ("hmac", hmac(hash, || doc.raw_hash())?),
            ("pbkdf2", _) => {
                doc.text_body("pbkdf2")?;
                doc.no_salt("pbkdf2")?;
                ("pbkdf2", pbkdf2_phc(doc.value, limits)?)
            }
            ("scrypt", Some(_)) => ("scrypt", scrypt(doc, limits)?),
            ("ldap", Some(_)) => {
                doc.text_body("ldap")?;
                doc.no_salt("ldap")?;
                ("ldap", ldap(doc.value, limits)?)
            }
            ("bcrypt", _) => {
                doc.text_body("bcrypt")?;
                if doc.hash.is_none() {
                    // The first schema says salts do not apply to bcrypt.
                    doc.no_salt("bcrypt")?;
                }
                if !["$2a$", "$2b$", "$2y$"]
                    .iter()
                    .any(|p| doc.value.starts_with(p))
                {
                    return Err(Error::malformed(
                        ID,
                        "hash.value",
                        "bcrypt hashes must start with $2a$, $2b$ or $2y$",
                    ));
                }
                ("bcrypt", Body::Bcrypt(doc.value.to_owned()))
            }
            ("argon2", _) => {
                doc.text_body("argon2")?;
                doc.no_salt("argon2")?;
                if !doc.value.starts_with("$argon2") {
                    return Err(Error::malformed(
                        ID,
                        "hash.value",
                        "argon2 hashes must be PHC strings ($argon2id$...)",
                    ));
                }
                ("argon2", Body::Argon2(doc.value.to_owned()))
            }
            _ => return Err(unknown()),
        })
    }
}

fn require_len(field: &'static str, got: &[u8], want: usize) -> Result<()> {
    if got.len() == want {
        Ok(())
    } else {
        Err(Error::malformed(
            ID,
            field,
            format!("{} bytes, expected {want}", got.len()),
        ))
    }
}

/// HMAC's digest and key, from the `hash` object.
fn hmac(hash: &Obj<'_>, expected_of: impl FnOnce() -> Result<Vec<u8>>) -> Result<Body> {
    let alg = Algorithm::from_name(hash.req_str("hash.digest")?).ok_or_else(|| {
        Error::malformed(
            ID,
            "hash.digest",
            "unknown; expected md4, md5, ripemd160, sha1, sha224, sha256, sha384, sha512 or whirlpool",
        )
    })?;
    let key = hash
        .obj("hash.key")?
        .ok_or_else(|| Error::malformed(ID, "hash.key", "missing"))?;
    let key_enc = match key.str("hash.key.encoding")? {
        Some(e) => Encoding::parse(ID, "hash.key.encoding", e)?,
        None => Encoding::Utf8,
    };
    let key =
        Zeroizing::new(key_enc.decode(ID, "hash.key.value", key.req_str("hash.key.value")?)?);
    let expected = expected_of()?;
    require_len("hash.value", &expected, alg.output_len())?;
    Ok(Body::Hmac { alg, key, expected })
}

/// OpenSSL's digest names as Node.js's `crypto.pbkdf2` accepts them (the list Auth0 documents).
fn pbkdf2_digest(name: &str) -> Result<Algorithm> {
    let lower = name.to_ascii_lowercase();
    let canonical = match lower.as_str() {
        "rsa-md4" | "md4withrsaencryption" => "md4",
        "rsa-md5" | "md5withrsaencryption" | "ssl3-md5" => "md5",
        "rsa-sha1" | "rsa-sha1-2" | "sha1withrsaencryption" | "ssl3-sha1" => "sha1",
        "rsa-sha224" | "sha224withrsaencryption" => "sha224",
        "rsa-sha256" | "sha256withrsaencryption" => "sha256",
        "rsa-sha384" | "sha384withrsaencryption" => "sha384",
        "rsa-sha512" | "sha512withrsaencryption" => "sha512",
        "ripemd" | "rmd160" | "rsa-ripemd160" | "ripemd160withrsa" => "ripemd160",
        "mdc2" | "rsa-mdc2" | "mdc2withrsa" => {
            return Err(Error::unsupported(format!(
                "{ID}: PBKDF2 over MDC-2 is not available"
            )));
        }
        other => other,
    };
    Algorithm::from_name(canonical).ok_or_else(|| {
        Error::malformed(
            ID,
            "hash.value",
            "unknown PBKDF2 digest in the PHC identifier",
        )
    })
}

/// The `pbkdf2` body: `$pbkdf2-<digest>[$i=..,l=..]$<salt>$<hash>`. The digest name is Auth0's;
/// the rest is the PHC form the PHC family reads, with Auth0's defaults and its parameter list
/// optional.
fn pbkdf2_phc(value: &str, limits: &Limits) -> Result<Body> {
    let bad = |reason: &'static str| Error::malformed(ID, "hash.value", reason);
    let (digest, rest) = value
        .strip_prefix("$pbkdf2-")
        .and_then(|r| r.split_once('$'))
        .ok_or_else(|| bad("expected a PHC string starting with $pbkdf2-<digest>$"))?;
    let alg = pbkdf2_digest(digest)?;
    let parts: Vec<&str> = rest.split('$').collect();
    let (params, salt, hash) = match parts.as_slice() {
        [p, s, h] => (Some(*p), *s, *h),
        [s, h] if !s.contains('=') => (None, *s, *h),
        _ => return Err(bad("expected $pbkdf2-<digest>$i=..,l=..$<salt>$<hash>")),
    };
    let phc = pbkdf2::parse_phc(ID, alg, params, salt, hash, PBKDF2_DEFAULTS, limits)?;
    Ok(Body::Pbkdf2 { alg, phc })
}

/// The `scrypt` body: the raw key, with N, r, p and the key length in top-level members.
fn scrypt(doc: &Document<'_>, limits: &Limits) -> Result<Body> {
    let o = doc.top;
    let len = o.req_u64("keylen")?;
    let n = o.u64("cost")?.unwrap_or(16_384);
    let r = o.u64("blockSize")?.unwrap_or(8);
    let p = o.u64("parallelization")?.unwrap_or(1);
    let cost = ScryptCost::scrypt(n, r, p);
    cost.check(ID, limits)?;
    let len = usize::try_from(len).unwrap_or(usize::MAX);
    limits.output_len(ID, len)?;
    let expected = doc.raw_hash()?;
    require_len("hash.value", &expected, len)?;
    Ok(Body::Scrypt { cost, expected })
}

/// The `ldap` body: an RFC 2307 `{SCHEME}base64` value, decoded by the directory family.
fn ldap(value: &str, limits: &Limits) -> Result<Body> {
    let bad = |reason: &'static str| Error::malformed(ID, "hash.value", reason);
    let (scheme, data) = value
        .strip_prefix('{')
        .and_then(|r| r.split_once('}'))
        .ok_or_else(|| bad("expected an RFC 2307 {SCHEME}value"))?;
    let (alg, salted) = match scheme.to_ascii_uppercase().as_str() {
        "MD5" => (Algorithm::Md5, false),
        "SMD5" => (Algorithm::Md5, true),
        "SHA" | "SHA1" => (Algorithm::Sha1, false),
        "SSHA" | "SSHA1" => (Algorithm::Sha1, true),
        "SHA224" => (Algorithm::Sha224, false),
        "SSHA224" => (Algorithm::Sha224, true),
        "SHA256" => (Algorithm::Sha256, false),
        "SSHA256" => (Algorithm::Sha256, true),
        "SHA384" => (Algorithm::Sha384, false),
        "SSHA384" => (Algorithm::Sha384, true),
        "SHA512" => (Algorithm::Sha512, false),
        "SSHA512" => (Algorithm::Sha512, true),
        "CRYPT" => {
            return Err(Error::unsupported(format!(
                "{ID}: Auth0 does not accept the LDAP {{CRYPT}} scheme"
            )));
        }
        _ => return Err(bad("unknown LDAP scheme; expected md5, smd5, sha*, ssha*")),
    };
    let value = if salted {
        Ldap::Salted(Salted::decode(ID, alg, DigestText::Base64, data, limits)?)
    } else {
        Ldap::Unsalted(unsalted::decode(ID, alg, DigestText::Base64, data)?)
    };
    Ok(Body::Ldap { alg, value })
}
