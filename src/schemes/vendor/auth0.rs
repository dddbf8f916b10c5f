//! Auth0's `custom_password_hash` object (`auth0_custom_password_hash`), the password member of
//! Auth0's bulk user import (`POST /api/v2/jobs/users-imports`), which migration tools and
//! exports in Auth0's import layout carry:
//!
//! ```text
//! {"algorithm":"sha256",
//!  "hash":{"value":"d24e79...","encoding":"hex"},
//!  "salt":{"value":"abc123","encoding":"utf8","position":"prefix"},
//!  "password":{"encoding":"utf8"}}
//! ```
//!
//! Every algorithm of Auth0's "Bulk User Import Schema" is read:
//! - `md4`, `md5`, `sha1`, `sha256`, `sha512`: digest of the salted password; `hash.encoding` is
//!   `hex` (either case) or `base64` (standard or URL-safe).
//! - `hmac`: HMAC of the salted password under `hash.key` (`value`, `encoding` default `utf8`)
//!   with `hash.digest` one of md4, md5, ripemd160, sha1, sha224, sha256, sha384, sha512,
//!   whirlpool; `hash.encoding` hex or base64.
//! - `pbkdf2`: `hash.value` is a PHC string `$pbkdf2-<digest>$i=<iterations>,l=<keylen>$<salt>$<hash>`
//!   (B64 without padding; `i` defaults to 100000 and `l` to 64 as Auth0 documents; digests are
//!   OpenSSL's names: md4, md5, sha1, sha224/256/384/512, ripemd160, whirlpool and their `RSA-`,
//!   `...WithRSAEncryption` and `ssl3-` aliases; MDC-2 is not available and is refused).
//! - `scrypt`: top-level `keylen` (required), `cost` (N, default 16384), `blockSize` (default 8),
//!   `parallelization` (default 1); the salt's value is scrypt's salt.
//! - `ldap`: an RFC 2307 value, `{MD5}`, `{SMD5}`, `{SHA}`, `{SSHA}`, `{SHA256}`..`{SSHA512}`
//!   (digest || salt, base64); `{CRYPT}` is refused, as Auth0 refuses it.
//! - `bcrypt` (`$2a$`, `$2b$`, `$2y$` only) and `argon2` (PHC string): handed to the built-in
//!   bcrypt and argon2 schemes. A bcrypt salt object is placed around the password first, as
//!   Auth0 does, and counts against bcrypt's 72-byte limit.
//!
//! Auth0's first schema (2018) is read too: `{"algorithm","hash":"<string>","encoding",
//! "salt_prefix","salt_suffix"}`, with text salts on either or both sides.
//!
//! `salt.position` is `prefix` (default) or `suffix`; `salt.encoding` and `hash.key.encoding`
//! default to `utf8`. `password.encoding` (`utf8` default, `ascii`/`latin1`/`binary`: the low byte of
//! each UTF-16 unit as Node.js's `Buffer` writes it, `utf16le`/`ucs2`) says how the original
//! system turned the password into bytes; the login password must then be UTF-8 text, and a
//! password that is not UTF-8 never matches such a hash. Salts are not allowed with argon2, ldap
//! and pbkdf2, and unknown top-level members are refused, as Auth0's schema does.
//!
//! Everything is in the string, which is recognised by its `"algorithm"` and `"hash"` members.
//! Weaknesses: the digest algorithms are single unsalted-or-salted hashes, fast to attack; HMAC
//! needs its key kept secret. Always upgraded on login.

use zeroize::Zeroizing;

use super::common::{
    Encoding, Obj, ScryptCost, json_shape, parse_object, scrypt, verify_with_core,
};
use crate::credential::Credential;
use crate::encoding::b64;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::digest::Algorithm;
use crate::primitives::{ct_eq, number, pbkdf2};
use crate::scheme::{Match, Scheme};

const ID: &str = "auth0_custom_password_hash";

/// Top-level members Auth0's schema allows (`additionalProperties: false`).
const MEMBERS: &[&str] = &[
    "algorithm",
    "hash",
    "salt",
    "password",
    "keylen",
    "cost",
    "blockSize",
    "parallelization",
];

/// The plain digest algorithms.
const PLAIN_DIGESTS: &[&str] = &["md4", "md5", "sha1", "sha256", "sha512"];

/// Auth0 `custom_password_hash` objects.
#[derive(Clone, Copy, Debug, Default)]
pub struct Auth0CustomPasswordHash;

/// How the source system encoded the password before hashing (Node.js `Buffer` encodings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PasswordEncoding {
    Utf8,
    /// `ascii`, `latin1`, `binary`: the low byte of each UTF-16 code unit.
    Latin1,
    /// `utf16le`, `ucs2`.
    Utf16Le,
}

impl PasswordEncoding {
    fn parse(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "utf8" | "utf-8" => Ok(PasswordEncoding::Utf8),
            "ascii" | "latin1" | "binary" => Ok(PasswordEncoding::Latin1),
            "utf16le" | "utf-16le" | "ucs2" | "ucs-2" => Ok(PasswordEncoding::Utf16Le),
            _ => Err(Error::malformed(
                ID,
                "password.encoding",
                "unknown; expected ascii, utf8, utf16le, ucs2, latin1 or binary",
            )),
        }
    }

    /// The password bytes the source system hashed; `None` when `password` is not UTF-8 text
    /// and the encoding needs text.
    fn transcode(self, password: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        if self == PasswordEncoding::Utf8 {
            return Some(Zeroizing::new(password.to_vec()));
        }
        let text = std::str::from_utf8(password).ok()?;
        let mut out = Zeroizing::new(Vec::with_capacity(password.len() * 2));
        for unit in text.encode_utf16() {
            let [lo, hi] = unit.to_le_bytes();
            out.push(lo);
            if self == PasswordEncoding::Utf16Le {
                out.push(hi);
            }
        }
        Some(out)
    }
}

/// The algorithm-specific part of a parsed object.
enum Body {
    Digest {
        f: Algorithm,
        expected: Vec<u8>,
    },
    Hmac {
        f: Algorithm,
        key: Zeroizing<Vec<u8>>,
        expected: Vec<u8>,
    },
    Pbkdf2 {
        f: Algorithm,
        iterations: u64,
        salt: Vec<u8>,
        expected: Vec<u8>,
    },
    Scrypt {
        cost: ScryptCost,
        expected: Vec<u8>,
    },
    Ldap {
        f: Algorithm,
        salt: Vec<u8>,
        expected: Vec<u8>,
    },
    Bcrypt(String),
    Argon2(String),
}

/// A validated object: everything decoded and bounded, nothing computed.
struct Parsed {
    algorithm: &'static str,
    body: Body,
    salt: Option<Salt>,
    password: PasswordEncoding,
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

/// Auth0's `pbkdf2` body: `$pbkdf2-<digest>[$i=..,l=..]$<salt>$<hash>`.
fn parse_pbkdf2(value: &str, limits: &Limits) -> Result<Body> {
    let bad = |reason: &'static str| Error::malformed(ID, "hash.value", reason);
    let rest = value
        .strip_prefix("$pbkdf2-")
        .ok_or_else(|| bad("expected a PHC string starting with $pbkdf2-<digest>$"))?;
    let parts: Vec<&str> = rest.split('$').collect();
    let (digest, params, salt, hash) = match parts.as_slice() {
        [d, p, s, h] => (*d, Some(*p), *s, *h),
        [d, s, h] if !s.contains('=') => (*d, None, *s, *h),
        _ => return Err(bad("expected $pbkdf2-<digest>$i=..,l=..$<salt>$<hash>")),
    };
    let f = pbkdf2_digest(digest)?;
    let (mut iterations, mut len) = (None, None);
    for kv in params.map(|p| p.split(',')).into_iter().flatten() {
        let (k, v) = kv
            .split_once('=')
            .ok_or_else(|| bad("a parameter is not name=value"))?;
        let slot = match k {
            "i" => &mut iterations,
            "l" => &mut len,
            _ => return Err(bad("unknown parameter; expected i and l")),
        };
        if slot.is_some() {
            return Err(bad("a parameter appears twice"));
        }
        *slot = Some(number::canonical_decimal(ID, "hash.value", v)?);
    }
    let iterations = iterations.unwrap_or(100_000);
    let len = len.unwrap_or(64);
    limits.pbkdf2_iterations(ID, iterations)?;
    let len = usize::try_from(len).unwrap_or(usize::MAX);
    limits.output_len(ID, len)?;
    let salt = b64::decode(&b64::STANDARD_NO_PAD, salt).ok_or_else(|| bad("salt is not B64"))?;
    limits.salt_len(ID, salt.len())?;
    let expected =
        b64::decode(&b64::STANDARD_NO_PAD, hash).ok_or_else(|| bad("hash is not B64"))?;
    if expected.len() != len {
        return Err(bad("the hash's length differs from l"));
    }
    Ok(Body::Pbkdf2 {
        f,
        iterations,
        salt,
        expected,
    })
}

/// Auth0's `ldap` body: an RFC 2307 `{SCHEME}base64` value.
fn parse_ldap(value: &str) -> Result<Body> {
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
    let raw = b64::decode(&b64::STANDARD, data).ok_or_else(|| bad("not base64"))?;
    let n = alg.output_len();
    let ok = if salted {
        raw.len() >= n
    } else {
        raw.len() == n
    };
    if !ok {
        return Err(bad("wrong length for the LDAP scheme's digest"));
    }
    let (expected, salt) = raw.split_at(n);
    Ok(Body::Ldap {
        f: alg,
        salt: salt.to_vec(),
        expected: expected.to_vec(),
    })
}

/// The salt around the password. Auth0's salt object puts one value on one side; the first
/// schema's `salt_prefix` and `salt_suffix` may both be set.
#[derive(Default)]
struct Salt {
    prefix: Vec<u8>,
    suffix: Vec<u8>,
}

impl Salt {
    fn len(&self) -> usize {
        self.prefix.len() + self.suffix.len()
    }

    /// The salt as one value (scrypt's salt argument; only one side is ever set there).
    fn value(&self) -> Vec<u8> {
        [self.prefix.as_slice(), self.suffix.as_slice()].concat()
    }
}

/// The members of either schema generation, located but not yet interpreted.
struct Shape<'a> {
    top: Obj<'a>,
    algorithm: &'a str,
    value: &'a str,
    /// `hash.encoding` (or the first schema's top-level `encoding`), with its name for errors.
    encoding: Option<(&'a str, &'static str)>,
    /// The `hash` object (HMAC's digest and key live there); `None` in the first schema.
    hash: Option<Obj<'a>>,
    salt: Option<Salt>,
    password: PasswordEncoding,
}

/// Top-level members of the first schema (2018), where `hash` was a string.
const MEMBERS_V1: &[&str] = &[
    "algorithm",
    "hash",
    "encoding",
    "salt_prefix",
    "salt_suffix",
];

fn shape<'a>(o: Obj<'a>, limits: &Limits) -> Result<Shape<'a>> {
    let algorithm = o.req_str("algorithm")?;
    if let Some(value) = o.str("hash").ok().flatten() {
        // The first schema: {"algorithm","hash":"...","encoding","salt_prefix","salt_suffix"}.
        o.only("json", MEMBERS_V1)?;
        let prefix = o.str("salt_prefix")?.unwrap_or("").as_bytes().to_vec();
        let suffix = o.str("salt_suffix")?.unwrap_or("").as_bytes().to_vec();
        let salt = Salt { prefix, suffix };
        limits.salt_len(ID, salt.len())?;
        return Ok(Shape {
            top: o,
            algorithm,
            value,
            encoding: o.str("encoding")?.map(|e| (e, "encoding")),
            hash: None,
            salt: (salt.len() > 0).then_some(salt),
            password: PasswordEncoding::Utf8,
        });
    }
    o.only("json", MEMBERS)?;
    let hash = o
        .obj("hash")?
        .ok_or_else(|| Error::malformed(ID, "hash", "missing"))?;
    let password = match o.obj("password")? {
        Some(p) => match p.str("password.encoding")? {
            Some(e) => PasswordEncoding::parse(e)?,
            None => PasswordEncoding::Utf8,
        },
        None => PasswordEncoding::Utf8,
    };
    let salt = match o.obj("salt")? {
        None => None,
        Some(s) => {
            let v = s.req_str("salt.value")?;
            let enc = match s.str("salt.encoding")? {
                Some(e) => Encoding::parse(ID, "salt.encoding", e)?,
                None => Encoding::Utf8,
            };
            let bytes = enc.decode(ID, "salt.value", v)?;
            limits.salt_len(ID, bytes.len())?;
            match s.str("salt.position")? {
                None => Some(Salt {
                    prefix: bytes,
                    suffix: Vec::new(),
                }),
                Some(p) if p.eq_ignore_ascii_case("prefix") => Some(Salt {
                    prefix: bytes,
                    suffix: Vec::new(),
                }),
                Some(p) if p.eq_ignore_ascii_case("suffix") => Some(Salt {
                    prefix: Vec::new(),
                    suffix: bytes,
                }),
                Some(_) => {
                    return Err(Error::malformed(
                        ID,
                        "salt.position",
                        "expected prefix or suffix",
                    ));
                }
            }
        }
    };
    Ok(Shape {
        top: o,
        algorithm,
        value: hash.req_str("hash.value")?,
        encoding: hash.str("hash.encoding")?.map(|e| (e, "hash.encoding")),
        hash: Some(hash),
        salt,
        password,
    })
}

impl Shape<'_> {
    /// The stored digest of the algorithms that store raw bytes: hex or base64, never utf8.
    fn raw_hash(&self) -> Result<Vec<u8>> {
        let Some((enc, field)) = self.encoding else {
            return Err(Error::malformed(
                ID,
                "hash.encoding",
                "missing; hex or base64 is required for this algorithm",
            ));
        };
        let enc = Encoding::parse(ID, field, enc)?;
        if enc == Encoding::Utf8 {
            return Err(Error::malformed(
                ID,
                field,
                "must be hex or base64 for this algorithm",
            ));
        }
        enc.decode(ID, "hash.value", self.value)
    }

    /// argon2, bcrypt, ldap and pbkdf2 carry a text hash: its encoding is utf8 when given.
    fn text_body(&self, name: &'static str) -> Result<()> {
        match self.encoding {
            Some((e, field)) if Encoding::parse(ID, field, e)? != Encoding::Utf8 => Err(
                Error::malformed(ID, field, format!("must be utf8 for {name}")),
            ),
            _ => Ok(()),
        }
    }

    fn no_salt(&self, name: &'static str) -> Result<()> {
        if self.salt.is_some() {
            Err(Error::malformed(
                ID,
                "salt",
                format!("not allowed with {name}"),
            ))
        } else {
            Ok(())
        }
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
fn hmac_body(hash: &Obj<'_>, expected_of: impl FnOnce() -> Result<Vec<u8>>) -> Result<Body> {
    let f = Algorithm::from_name(hash.req_str("hash.digest")?).ok_or_else(|| {
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
    require_len("hash.value", &expected, f.output_len())?;
    Ok(Body::Hmac { f, key, expected })
}

fn parse(text: &str, limits: &Limits) -> Result<Parsed> {
    let map = parse_object(ID, "json", text)?;
    let s = shape(Obj::new(ID, &map), limits)?;
    let unknown = || {
        Error::malformed(
            ID,
            "algorithm",
            "unknown; expected argon2, bcrypt, hmac, ldap, md4, md5, sha1, sha256, sha512, pbkdf2 or scrypt",
        )
    };
    let (algorithm, body) = if let Some(&name) = PLAIN_DIGESTS.iter().find(|d| **d == s.algorithm) {
        let f = Algorithm::from_name(name).ok_or_else(unknown)?;
        let expected = s.raw_hash()?;
        require_len("hash.value", &expected, f.output_len())?;
        (name, Body::Digest { f, expected })
    } else {
        match (s.algorithm, &s.hash) {
            ("hmac", Some(hash)) => ("hmac", hmac_body(hash, || s.raw_hash())?),
            ("pbkdf2", _) => {
                s.text_body("pbkdf2")?;
                s.no_salt("pbkdf2")?;
                ("pbkdf2", parse_pbkdf2(s.value, limits)?)
            }
            ("scrypt", Some(_)) => {
                let o = s.top;
                let len = o.req_u64("keylen")?;
                let n = o.u64("cost")?.unwrap_or(16_384);
                let r = o.u64("blockSize")?.unwrap_or(8);
                let p = o.u64("parallelization")?.unwrap_or(1);
                let cost = ScryptCost { n, r, p }.check(ID, limits)?;
                let len = usize::try_from(len).unwrap_or(usize::MAX);
                limits.output_len(ID, len)?;
                let expected = s.raw_hash()?;
                require_len("hash.value", &expected, len)?;
                ("scrypt", Body::Scrypt { cost, expected })
            }
            ("ldap", Some(_)) => {
                s.text_body("ldap")?;
                s.no_salt("ldap")?;
                ("ldap", parse_ldap(s.value)?)
            }
            ("bcrypt", _) => {
                s.text_body("bcrypt")?;
                if s.hash.is_none() {
                    // The first schema says salts do not apply to bcrypt.
                    s.no_salt("bcrypt")?;
                }
                if !["$2a$", "$2b$", "$2y$"]
                    .iter()
                    .any(|p| s.value.starts_with(p))
                {
                    return Err(Error::malformed(
                        ID,
                        "hash.value",
                        "bcrypt hashes must start with $2a$, $2b$ or $2y$",
                    ));
                }
                ("bcrypt", Body::Bcrypt(s.value.to_owned()))
            }
            ("argon2", _) => {
                s.text_body("argon2")?;
                s.no_salt("argon2")?;
                if !s.value.starts_with("$argon2") {
                    return Err(Error::malformed(
                        ID,
                        "hash.value",
                        "argon2 hashes must be PHC strings ($argon2id$...)",
                    ));
                }
                ("argon2", Body::Argon2(s.value.to_owned()))
            }
            _ => return Err(unknown()),
        }
    };
    Ok(Parsed {
        algorithm,
        body,
        salt: s.salt,
        password: s.password,
    })
}

impl Parsed {
    /// The password with the salt placed around it, for the salted-digest algorithms.
    fn parts<'a>(&'a self, pw: &'a [u8]) -> [&'a [u8]; 3] {
        match &self.salt {
            Some(s) => [&s.prefix, pw, &s.suffix],
            None => [&[], pw, &[]],
        }
    }
}

impl Scheme for Auth0CustomPasswordHash {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &["{"]
    }

    fn identify(&self, hash: &str) -> Match {
        json_shape(
            hash,
            &["\"algorithm\"", "\"hash\""],
            &["\"secretData\"", "\"credentialData\""],
        )
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = parse(cred.hash(), limits)?;
        let Some(pw) = p.password.transcode(password) else {
            // Not text: the source system can never have hashed it in this encoding.
            return Ok(false);
        };
        match &p.body {
            Body::Digest { f, expected } => Ok(ct_eq(f.digest(&p.parts(&pw)).as_bytes(), expected)),
            Body::Hmac { f, key, expected } => {
                Ok(ct_eq(f.hmac(key, &p.parts(&pw)).as_bytes(), expected))
            }
            Body::Pbkdf2 {
                f,
                iterations,
                salt,
                expected,
            } => {
                let ours = pbkdf2::derive(ID, *f, &pw, salt, *iterations, expected.len(), limits)?;
                Ok(ct_eq(&ours, expected))
            }
            Body::Scrypt { cost, expected } => {
                let salt = p.salt.as_ref().map(Salt::value).unwrap_or_default();
                let ours = scrypt(ID, &pw, &salt, *cost, expected.len(), limits)?;
                Ok(ct_eq(&ours, expected))
            }
            Body::Ldap { f, salt, expected } => {
                Ok(ct_eq(f.digest(&[&pw, salt]).as_bytes(), expected))
            }
            Body::Bcrypt(h) => {
                let input = match &p.salt {
                    Some(_) => Zeroizing::new(p.parts(&pw).concat()),
                    None => pw,
                };
                verify_with_core(ID, "bcrypt", &input, h, limits)
            }
            Body::Argon2(h) => verify_with_core(ID, "argon2", &pw, h, limits),
        }
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = parse(cred.hash(), limits)?;
        let mut out = vec![("algorithm", p.algorithm.to_owned())];
        if let Some(s) = &p.salt {
            if !s.prefix.is_empty() {
                out.push(("salt_prefix_bytes", s.prefix.len().to_string()));
            }
            if !s.suffix.is_empty() {
                out.push(("salt_suffix_bytes", s.suffix.len().to_string()));
            }
        }
        match &p.body {
            Body::Pbkdf2 {
                iterations,
                expected,
                ..
            } => {
                out.push(("iterations", iterations.to_string()));
                out.push(("length", expected.len().to_string()));
            }
            Body::Scrypt { cost, .. } => {
                out.push(("N", cost.n.to_string()));
                out.push(("r", cost.r.to_string()));
                out.push(("p", cost.p.to_string()));
            }
            Body::Bcrypt(h) | Body::Argon2(h) => {
                let id = if matches!(p.body, Body::Bcrypt(_)) {
                    "bcrypt"
                } else {
                    "argon2"
                };
                if let Some(inner) = crate::schemes::core(id) {
                    out.extend(inner.inspect(&Credential::new(h.as_str()), limits)?);
                }
            }
            Body::Digest { .. } | Body::Hmac { .. } | Body::Ldap { .. } => {}
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    /// The password behind the Node.js-computed answers below (non-ASCII and astral on purpose).
    const PW: &str = "pässwörd🔑";

    fn verify(pw: &[u8], hash: &str) -> Result<bool> {
        Auth0CustomPasswordHash.verify(pw, &Credential::new(hash), &Limits::DEFAULT)
    }

    fn check(hash: &str) {
        assert_eq!(
            Auth0CustomPasswordHash.identify(hash),
            Match::Exact,
            "{hash}"
        );
        assert!(verify(PW.as_bytes(), hash).unwrap(), "{hash}");
        assert!(!verify(b"passw0rd", hash).unwrap(), "{hash}");
    }

    #[test]
    fn salted_digests() {
        // md5(salt || password) with a UTF-8 salt, hex; Python hashlib.
        let h = r#"{"algorithm":"md5","hash":{"value":"9bc613af69bf051917d1b8696f1e762b","encoding":"hex"},"salt":{"value":"salt1é","encoding":"utf8","position":"prefix"}}"#;
        assert!(verify(b"hashcat", h).unwrap());
        // Upper-case hex is accepted, as Auth0 documents.
        assert!(verify(b"hashcat", &h.replace("9bc613af69bf", "9BC613AF69BF")).unwrap());
    }

    #[test]
    fn first_schema_generation() {
        // Auth0's 2018 schema: hash as a string, salt_prefix and salt_suffix; Python hashlib.
        let h = r#"{"algorithm":"md5","hash":"E6F9D7938FAB9FCF5654AB5F12AA9DBE","encoding":"hex","salt_prefix":"ab","salt_suffix":"cd"}"#;
        assert_eq!(Auth0CustomPasswordHash.identify(h), Match::Exact);
        assert!(verify(b"hashcat", h).unwrap());
        assert!(!verify(b"hashcaT", h).unwrap());
        let h = r#"{"algorithm":"sha256","hash":"En5vv-JKdQ5ykwwiCo4TgnVla45dj0ipjDyS3yyrqTU","encoding":"base64"}"#;
        assert!(verify(b"hashcat", h).unwrap());
        for bad in [
            r#"{"algorithm":"md5","hash":"e6f9d7938fab9fcf5654ab5f12aa9dbe"}"#,
            r#"{"algorithm":"md5","hash":"e6f9d7938fab9fcf5654ab5f12aa9dbe","encoding":"hex","salt":{"value":"x"}}"#,
            r#"{"algorithm":"argon2","hash":"$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA","salt_prefix":"x"}"#,
            r#"{"algorithm":"hmac","hash":"e6f9d7938fab9fcf5654ab5f12aa9dbe","encoding":"hex"}"#,
        ] {
            assert_eq!(
                verify(b"x", bad).unwrap_err().kind(),
                ErrorKind::Malformed,
                "{bad}"
            );
        }
    }

    #[test]
    fn password_encodings() {
        // Node.js 20: sha256(Buffer.from("NaCl") + Buffer.from(password, encoding)).
        for (enc, digest) in [
            ("latin1", "9DIUVXPO7UJuj298WJnWXO5O9e05h1aiR66+Val0sAM="),
            ("ascii", "9DIUVXPO7UJuj298WJnWXO5O9e05h1aiR66+Val0sAM="),
            ("utf16le", "Le1ZJMSX3aUbt2PhLTzrosFV2I3ZmuO4nSxooll1GLw="),
            ("ucs2", "Le1ZJMSX3aUbt2PhLTzrosFV2I3ZmuO4nSxooll1GLw="),
        ] {
            check(&format!(
                r#"{{"algorithm":"sha256","hash":{{"value":"{digest}","encoding":"base64"}},"salt":{{"value":"NaCl"}},"password":{{"encoding":"{enc}"}}}}"#
            ));
        }
        // A password that is not UTF-8 cannot be transcoded: never a match, not an error.
        let h = r#"{"algorithm":"sha256","hash":{"value":"Le1ZJMSX3aUbt2PhLTzrosFV2I3ZmuO4nSxooll1GLw=","encoding":"base64"},"password":{"encoding":"utf16le"}}"#;
        assert!(!verify(b"\xff\xfe", h).unwrap());
    }

    #[test]
    fn hmac_digests() {
        // Node.js 20 (with OpenSSL's legacy provider for md4 and whirlpool):
        // createHmac(digest, Buffer.from("6b6579", "hex")).update(password).digest("hex").
        for (digest, mac) in [
            ("ripemd160", "7795f8ddd21a44d1bb467828432c206c5d20ae7b"),
            (
                "sha224",
                "5b8e7b343526a2699a1186ef966f237d92bbda56e952df2a6c83a8a7",
            ),
            (
                "sha384",
                "a03b896631658939a0d7e497f7d4c0d3f64157e803d41a5ea9fc0ddb2d0633f85755d580ad20cfb805164670f625a04d",
            ),
            ("md4", "1cf32b1c59bea4e48f0f67bf3d1c14be"),
            (
                "whirlpool",
                "782f7631c1e091b791120ad3a7f1f7d5ce011006d638498717af23da4f305f60855c6f4075d70fe148033bbc75099bdbbc73ecf04742019ae28ca4696397e975",
            ),
        ] {
            check(&format!(
                r#"{{"algorithm":"hmac","hash":{{"value":"{mac}","encoding":"hex","digest":"{digest}","key":{{"value":"6b6579","encoding":"hex"}}}}}}"#
            ));
        }
    }

    #[test]
    fn pbkdf2_digests() {
        // Node.js 20: pbkdf2Sync(password, "saltsalt", 1000, 24, digest), unpadded base64.
        for (digest, key) in [
            ("md4", "wvsve1gqmFXlBYkvJQ7Z46iZPcXOZ83p"),
            ("ripemd160", "jDkQWNUrb+pAbVf+Dt8GcyI4Gfqthhck"),
            ("whirlpool", "ue4gWUbCAtoDlMCXo5P2GxCTFjtGfqyE"),
            ("sha224", "OJyzGsbtrhEa/b2sZRzjYFPMT66KPO1S"),
            ("RSA-SHA1", "i6Af85FbGGj3No3i1rxF9CDawX7XvIVQ"),
            ("ssl3-md5", "w7ENHaLSFo/9eTN6+AnIAD0YNizwnPrl"),
        ] {
            check(&format!(
                r#"{{"algorithm":"pbkdf2","hash":{{"value":"$pbkdf2-{digest}$i=1000,l=24$c2FsdHNhbHQ${key}","encoding":"utf8"}}}}"#
            ));
        }
        // Parameters in the other order are the same parameters.
        check(
            r#"{"algorithm":"pbkdf2","hash":{"value":"$pbkdf2-sha224$l=24,i=1000$c2FsdHNhbHQ$OJyzGsbtrhEa/b2sZRzjYFPMT66KPO1S"}}"#,
        );
    }

    #[test]
    fn scrypt_and_ldap() {
        // Node.js 20: scryptSync(password, "abc123", 32, {N: 1024, r: 4, p: 2}).
        check(
            r#"{"algorithm":"scrypt","hash":{"value":"89cf011464d8dac473fa1053758c75844874f6da0cccde250c60c70c3e8ad60d","encoding":"hex"},"salt":{"value":"abc123","encoding":"utf8"},"keylen":32,"cost":1024,"blockSize":4,"parallelization":2}"#,
        );
        // RFC 2307 values from passlib, checked with Python hashlib.
        let ssha = r#"{"algorithm":"ldap","hash":{"value":"{SSHA}6M3fqVXaE6ne3462UdBWzToJuB9diwSPxrasmg==","encoding":"utf8"}}"#;
        assert!(verify(b"password", ssha).unwrap());
        assert!(!verify(b"password1", ssha).unwrap());
        let smd5 =
            r#"{"algorithm":"ldap","hash":{"value":"{smd5}p4hgrSNgRXw1wL2r36ABK4Fxm9OGINgh"}}"#;
        assert!(verify(b"correct horse battery staple", smd5).unwrap());
    }

    #[test]
    fn delegated_bodies() {
        // Auth0's documented bcrypt example ("hello", cost 10), and with a salt object around the
        // password: bcrypt("salt" || "hello").
        let h = r#"{"algorithm":"bcrypt","hash":{"value":"$2b$10$nFguVi9LsCAcvTZFKQlRKeLVydo8ETv483lkNsSFI/Wl1Rz1Ypo1K"}}"#;
        let salted = r#"{"algorithm":"bcrypt","hash":{"value":"$2b$10$nFguVi9LsCAcvTZFKQlRKeLVydo8ETv483lkNsSFI/Wl1Rz1Ypo1K"},"salt":{"value":"hel","position":"prefix"}}"#;
        // An argon2id hash from argon2-cffi 25.1.0 (via passlib).
        let a = r#"{"algorithm":"argon2","hash":{"value":"$argon2id$v=19$m=64,t=1,p=4$gNAaA0Co9f5fizFGKKU0Bg$+5jRzo/8rhJ8D3gK838LAoeWj0SC+QnTfZI/n7pzkYU","encoding":"utf8"}}"#;
        for (id, hash, good, bad) in [
            ("bcrypt", h, &b"hello"[..], &b"hellO"[..]),
            ("bcrypt", salted, b"lo", b"hello"),
            ("argon2", a, "pässwörd".as_bytes(), b"passwort"),
        ] {
            match crate::schemes::core(id) {
                Some(_) => {
                    assert!(verify(good, hash).unwrap(), "{hash}");
                    assert!(!verify(bad, hash).unwrap(), "{hash}");
                }
                None => assert_eq!(
                    verify(good, hash).unwrap_err().kind(),
                    ErrorKind::Unsupported
                ),
            }
        }
    }

    #[test]
    fn rejects_malformed() {
        for (h, kind) in [
            (r#"{"algorithm":"sha256""#, ErrorKind::Malformed),
            (r#"{"algorithm":"sha256"}"#, ErrorKind::Malformed),
            (r#""sha256""#, ErrorKind::Malformed),
            (
                r#"{"algorithm":"whirlpool","hash":{"value":"abc","encoding":"hex"}}"#,
                ErrorKind::Malformed,
            ),
            (
                r#"{"algorithm":"pbkdf2","hash":{"value":"$pbkdf2-sha256$i=4294967295,l=32$c2FsdA$aGFzaA","encoding":"utf8"}}"#,
                ErrorKind::Limit,
            ),
            (
                r#"{"algorithm":"pbkdf2","hash":{"value":"$pbkdf2-sha256$i=1000,l=4294967295$c2FsdA$aGFzaA","encoding":"utf8"}}"#,
                ErrorKind::Limit,
            ),
            (
                r#"{"algorithm":"pbkdf2","hash":{"value":"$pbkdf2-sha256$i=1000,i=1000,l=32$c2FsdA$aGFzaA","encoding":"utf8"}}"#,
                ErrorKind::Malformed,
            ),
            (
                r#"{"algorithm":"pbkdf2","hash":{"value":"$pbkdf2-sha256$i=1000,l=5$c2FsdA$aGFzaA","encoding":"utf8"}}"#,
                ErrorKind::Malformed,
            ),
            (
                r#"{"algorithm":"pbkdf2","hash":{"value":"$pbkdf2-sha256$29000$c2FsdA$aGFzaA"}}"#,
                ErrorKind::Malformed,
            ),
            (
                r#"{"algorithm":"pbkdf2","hash":{"value":"$pbkdf2-mdc2$i=1,l=4$c2FsdA$aGFzaA"}}"#,
                ErrorKind::Unsupported,
            ),
            (
                r#"{"algorithm":"pbkdf2","hash":{"value":"$pbkdf2-sha1$i=1,l=4$c2FsdA$aGFzaA"},"salt":{"value":"x"}}"#,
                ErrorKind::Malformed,
            ),
            (
                r#"{"algorithm":"sha1","hash":{"value":"abcd","encoding":"hex"}}"#,
                ErrorKind::Malformed,
            ),
            (
                r#"{"algorithm":"sha1","hash":{"value":"a9993e364706816aba3e25717850c26c9cd0d89d","encoding":"utf8"}}"#,
                ErrorKind::Malformed,
            ),
            (
                r#"{"algorithm":"sha1","hash":{"value":"a9993e364706816aba3e25717850c26c9cd0d89d"}}"#,
                ErrorKind::Malformed,
            ),
            (
                r#"{"algorithm":"sha1","hash":{"value":"a9993e364706816aba3e25717850c26c9cd0d89d","encoding":"hex"},"salt":{"value":"x","position":"middle"}}"#,
                ErrorKind::Malformed,
            ),
            (
                r#"{"algorithm":"sha1","hash":{"value":"a9993e364706816aba3e25717850c26c9cd0d89d","encoding":"hex"},"password":{"encoding":"ebcdic"}}"#,
                ErrorKind::Malformed,
            ),
            (
                r#"{"algorithm":"sha1","hash":{"value":"a9993e364706816aba3e25717850c26c9cd0d89d","encoding":"hex"},"extra":1}"#,
                ErrorKind::Malformed,
            ),
            (
                r#"{"algorithm":"sha1","hash":{"value":"a9993e364706816aba3e25717850c26c9cd0d89d","encoding":"hex"},"algorithm":"md5"}"#,
                ErrorKind::Malformed,
            ),
            (
                r#"{"algorithm":"hmac","hash":{"value":"a9993e364706816aba3e25717850c26c9cd0d89d","encoding":"hex","digest":"sha1"}}"#,
                ErrorKind::Malformed,
            ),
            (
                r#"{"algorithm":"scrypt","hash":{"value":"00","encoding":"hex"},"keylen":1,"cost":1099511627776}"#,
                ErrorKind::Limit,
            ),
            (
                r#"{"algorithm":"scrypt","hash":{"value":"00","encoding":"hex"},"keylen":1,"cost":1000}"#,
                ErrorKind::Malformed,
            ),
            (
                r#"{"algorithm":"scrypt","hash":{"value":"00","encoding":"hex"}}"#,
                ErrorKind::Malformed,
            ),
            (
                r#"{"algorithm":"ldap","hash":{"value":"{CRYPT}$1$abc$def"}}"#,
                ErrorKind::Unsupported,
            ),
            (
                r#"{"algorithm":"ldap","hash":{"value":"{SHA}AAAA"}}"#,
                ErrorKind::Malformed,
            ),
            (
                r#"{"algorithm":"bcrypt","hash":{"value":"$2x$05$abcdefghijklmnopqrstuv0123456789012345678901234567890"}}"#,
                ErrorKind::Malformed,
            ),
            (
                r#"{"algorithm":"argon2","hash":{"value":"$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA","encoding":"hex"}}"#,
                ErrorKind::Malformed,
            ),
        ] {
            let e = verify(b"hashcat", h).expect_err(h);
            assert_eq!(e.kind(), kind, "{h}: {e}");
        }
    }
}
