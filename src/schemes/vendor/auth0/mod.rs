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
//!
//! | `algorithm` | `hash.value` | read by |
//! |---|---|---|
//! | `md4`, `md5`, `sha1`, `sha256`, `sha512` | digest of the salted password, `hash.encoding` `hex` (either case) or `base64` (standard or URL-safe) | here |
//! | `hmac` | HMAC of the salted password under `hash.key` (`value`, `encoding` default `utf8`), `hash.digest` one of md4, md5, ripemd160, sha1, sha224, sha256, sha384, sha512, whirlpool; hex or base64 | here |
//! | `pbkdf2` | PHC string `$pbkdf2-<digest>$i=<iterations>,l=<keylen>$<salt>$<hash>`, B64 without padding; `i` defaults to 100000 and `l` to 64 as Auth0 documents, and the list may be left out; digests are OpenSSL's names (those of `hmac` and their `RSA-`, `...WithRSAEncryption` and `ssl3-` aliases; MDC-2 is not available and is refused) | the PHC family's PBKDF2 reader |
//! | `scrypt` | the raw key; top-level `keylen` (required), `cost` (N, default 16384), `blockSize` (default 8), `parallelization` (default 1); the salt's value is scrypt's salt | here, bounded scrypt |
//! | `ldap` | RFC 2307 `{MD5}`, `{SMD5}`, `{SHA}`, `{SSHA}`, `{SHA224}`..`{SSHA512}` (digest, then salt, base64); a salted value needs 1 to `Limits::max_salt_bytes` bytes of salt; `{CRYPT}` is refused, as Auth0 refuses it | the directory family's decoders |
//! | `bcrypt` | `$2a$`, `$2b$` or `$2y$` string; a salt object is placed around the password first, as Auth0 does, and counts against bcrypt's 72-byte limit | the bcrypt scheme |
//! | `argon2` | PHC string | the argon2 scheme |
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
//! [`schema`] reads the document around the hash, [`bodies`] the hash itself; one `parse` serves
//! verify and inspect.
//! Weaknesses: the digest algorithms are single unsalted-or-salted hashes, fast to attack; HMAC
//! needs its key kept secret. Always upgraded on login.

use std::sync::Arc;

use zeroize::Zeroizing;

use self::bodies::{Body, Ldap};
use self::schema::{Document, Salt};
use super::common::{Obj, delegate, json_shape, parse_object};
use crate::credential::Credential;
use crate::error::Result;
use crate::limits::Limits;
use crate::primitives::scrypt::derive as scrypt;
use crate::primitives::{ct_eq, pbkdf2};
use crate::scheme::{Match, Scheme};

mod bodies;
mod schema;

pub(crate) use self::schema::PasswordEncoding;
#[cfg(test)]
mod tests;

const ID: &str = "auth0_custom_password_hash";

/// Auth0 `custom_password_hash` objects.
pub(crate) struct Auth0CustomPasswordHash {
    bcrypt: Option<Arc<dyn Scheme>>,
    argon2: Option<Arc<dyn Scheme>>,
}

impl Auth0CustomPasswordHash {
    /// The scheme, verifying `bcrypt` and `argon2` bodies through `bcrypt` and `argon2` (the
    /// crypt and PHC families' schemes); without them those bodies are unsupported.
    pub(crate) fn new(bcrypt: Option<Arc<dyn Scheme>>, argon2: Option<Arc<dyn Scheme>>) -> Self {
        Auth0CustomPasswordHash { bcrypt, argon2 }
    }
}

/// A validated object: everything decoded and bounded, nothing computed.
struct Parsed {
    algorithm: &'static str,
    body: Body,
    salt: Option<Salt>,
    password: PasswordEncoding,
}

fn parse(text: &str, limits: &Limits) -> Result<Parsed> {
    let map = parse_object(ID, "json", text)?;
    let doc = Document::read(Obj::new(ID, &map), limits)?;
    let (algorithm, body) = Body::parse(&doc, limits)?;
    Ok(Parsed {
        algorithm,
        body,
        salt: doc.salt,
        password: doc.password,
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

impl Parsed {
    /// The bytes around the password.
    fn around(&self) -> crate::schemes::portable::Around {
        match &self.salt {
            Some(s) => crate::schemes::portable::Around {
                prefix: s.prefix.clone(),
                suffix: s.suffix.clone(),
            },
            None => crate::schemes::portable::Around::NONE,
        }
    }
}

/// The credential as a portable step, whatever its body.
pub(crate) fn portable(
    cred: &Credential,
    limits: &Limits,
) -> Result<crate::schemes::portable::Portable> {
    use crate::schemes::portable::{Portable, Step};
    let p = parse(cred.hash(), limits)?;
    let encoding = p.password;
    let around = p.around();
    let out = |step, digest| Portable {
        step,
        digest,
        scheme: ID,
    };
    Ok(match p.body {
        Body::Digest { alg, expected } => out(
            Step::Digest {
                alg,
                around,
                encoding,
            },
            expected,
        ),
        Body::Hmac { alg, key, expected } => out(
            Step::Hmac {
                alg,
                key,
                around,
                encoding,
            },
            expected,
        ),
        Body::Pbkdf2 { alg, phc } => {
            let mut d = phc.portable(alg, encoding, ID);
            d.scheme = ID;
            d
        }
        Body::Scrypt { cost, expected } => {
            let (n, r, pp) = cost.nrp();
            let salt = p.salt.as_ref().map(Salt::value).unwrap_or_default();
            out(
                Step::Scrypt {
                    n,
                    r,
                    p: pp,
                    salt,
                    encoding,
                },
                expected,
            )
        }
        Body::Ldap {
            alg,
            value: Ldap::Unsalted(expected),
        } => out(
            Step::Digest {
                alg,
                around,
                encoding,
            },
            expected,
        ),
        Body::Ldap {
            alg,
            value: Ldap::Salted(salted),
        } => salted.portable(alg, encoding, ID),
        Body::Bcrypt(h) => {
            let mut d =
                crate::schemes::unix::bcrypt::portable(&Credential::new(h.as_str()), limits)?;
            if let Step::Bcrypt {
                around: a,
                encoding: e,
                ..
            } = &mut d.step
            {
                *a = around;
                *e = encoding;
            }
            d.scheme = ID;
            d
        }
        Body::Argon2(h) => {
            let mut d =
                crate::schemes::phc::argon2::portable(&Credential::new(h.as_str()), limits)?;
            if let Step::Argon2 { encoding: e, .. } = &mut d.step {
                *e = encoding;
            }
            d.scheme = ID;
            d
        }
    })
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
            Body::Digest { alg, expected } => {
                Ok(ct_eq(alg.digest(&p.parts(&pw)).as_bytes(), expected))
            }
            Body::Hmac { alg, key, expected } => {
                Ok(ct_eq(alg.hmac(key, &p.parts(&pw)).as_bytes(), expected))
            }
            Body::Pbkdf2 { alg, phc } => {
                let len = phc.digest.len();
                let ours = pbkdf2::derive(ID, *alg, &pw, &phc.salt, phc.iterations, len, limits)?;
                Ok(ct_eq(&ours, &phc.digest))
            }
            Body::Scrypt { cost, expected } => {
                let salt = p.salt.as_ref().map(Salt::value).unwrap_or_default();
                let ours = scrypt(ID, &pw, &salt, *cost, expected.len(), limits)?;
                Ok(ct_eq(&ours, expected))
            }
            Body::Ldap {
                alg,
                value: Ldap::Unsalted(expected),
            } => Ok(ct_eq(alg.digest(&[&pw]).as_bytes(), expected)),
            Body::Ldap {
                alg,
                value: Ldap::Salted(salted),
            } => Ok(salted.matches(*alg, &pw)),
            Body::Bcrypt(h) => {
                let input = match &p.salt {
                    Some(_) => Zeroizing::new(p.parts(&pw).concat()),
                    None => pw,
                };
                delegate(ID, "bcrypt", self.bcrypt.as_ref())?.verify(
                    &input,
                    &Credential::new(h.as_str()),
                    limits,
                )
            }
            Body::Argon2(h) => delegate(ID, "argon2", self.argon2.as_ref())?.verify(
                &pw,
                &Credential::new(h.as_str()),
                limits,
            ),
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
        let inner = match &p.body {
            Body::Pbkdf2 { phc, .. } => {
                out.push(("iterations", phc.iterations.to_string()));
                out.push(("length", phc.digest.len().to_string()));
                None
            }
            Body::Scrypt { cost, .. } => {
                let (n, r, p) = cost.nrp();
                out.push(("N", n.to_string()));
                out.push(("r", r.to_string()));
                out.push(("p", p.to_string()));
                None
            }
            Body::Bcrypt(h) => self.bcrypt.as_ref().map(|s| (s, h)),
            Body::Argon2(h) => self.argon2.as_ref().map(|s| (s, h)),
            Body::Digest { .. } | Body::Hmac { .. } | Body::Ldap { .. } => None,
        };
        if let Some((scheme, h)) = inner {
            out.extend(scheme.inspect(&Credential::new(h.as_str()), limits)?);
        }
        Ok(out)
    }
}
