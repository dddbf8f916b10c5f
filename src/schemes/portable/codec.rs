//! A step as a PHC-style parameter list, `key=value` pairs joined by commas: what a wrapped
//! credential keeps of its legacy step. Bytes are standard base64 without padding (the PHC
//! alphabet), numbers decimal, names lower-case; nothing in a value is a `$` or a `,`. Empty
//! salts around the password and the `utf8` password encoding are left out.
//!
//! | step | parameters |
//! |---|---|
//! | `digest` | `a` (OpenSSL digest name), `pre`, `suf`, `enc` |
//! | `hmac` | `a`, `key`, `pre`, `suf`, `enc` |
//! | `pbkdf2` | `a`, `i` (iterations), `l` (output bytes), `s` (salt), `enc` |
//! | `scrypt` | `n` (N), `r`, `p`, `l`, `s`, `enc` |
//! | `firebase_scrypt` | `r` (rounds), `m` (mem_cost), `s`, `ss` (salt separator); the signer key stays in the credential's parameters |
//! | `argon2` | `y` (`id`, `i`, `d`), `v` (16, 19), `m`, `t`, `p`, `l`, `s`, `data`, `enc` |
//! | `bcrypt` | `y` (`2a`, `2b`, `2y`, `2x`, `2`), `c` (cost), `s` (16 bytes), `pre`, `suf`, `enc` |
//! | `md5_crypt` | `y` (`1`, `apr1`), `s` |
//! | `sha_crypt` | `y` (`5`, `6`), `rounds`, `s` |
//! | `des_crypt` | `s` (the 12-bit salt value) |
//!
//! Every wrapped string also names the scheme it was read as, `from=<id>`, first.

use std::collections::BTreeMap;

use zeroize::Zeroizing;

use super::{Around, PasswordEncoding, Step};
use crate::encoding::b64;
use crate::error::{Error, Result};
use crate::primitives::Algorithm;
use crate::schemes::phc::argon2::Argon2Params;
use crate::schemes::unix::bcrypt::Variant;

/// Longest parameter list read, in bytes: far above any real step (a 64-byte HMAC key and two
/// salts at the salt limit are under 2 KiB), far below a memory problem.
const MAX_PARAMS_BYTES: usize = 16 * 1024;

fn b64e(bytes: &[u8]) -> String {
    b64::encode(&b64::STANDARD_NO_PAD, bytes)
}

/// The parameter list of `step` (whose output is `len` bytes) read as scheme `from`.
///
/// # Errors
/// [`crate::ErrorKind::Unsupported`] for the plain-text step, which is never wrapped.
pub(crate) fn encode(step: &Step, len: usize, from: &str) -> Result<String> {
    let mut p: Vec<(&str, String)> = vec![("from", from.to_owned())];
    let around = |p: &mut Vec<(&str, String)>, a: &Around| {
        if !a.prefix.is_empty() {
            p.push(("pre", b64e(&a.prefix)));
        }
        if !a.suffix.is_empty() {
            p.push(("suf", b64e(&a.suffix)));
        }
    };
    let enc = |p: &mut Vec<(&str, String)>, e: PasswordEncoding| {
        if e != PasswordEncoding::Utf8 {
            p.push(("enc", e.name().to_owned()));
        }
    };
    match step {
        Step::Plaintext => {
            return Err(Error::unsupported(
                "a plain-text password is hashed with the target, not wrapped",
            ));
        }
        Step::Digest {
            alg,
            around: a,
            encoding,
        } => {
            p.push(("a", alg.name().to_owned()));
            around(&mut p, a);
            enc(&mut p, *encoding);
        }
        Step::Hmac {
            alg,
            key,
            around: a,
            encoding,
        } => {
            p.push(("a", alg.name().to_owned()));
            p.push(("key", b64e(key)));
            around(&mut p, a);
            enc(&mut p, *encoding);
        }
        Step::Pbkdf2 {
            alg,
            iterations,
            salt,
            encoding,
        } => {
            p.push(("a", alg.name().to_owned()));
            p.push(("i", iterations.to_string()));
            p.push(("l", len.to_string()));
            p.push(("s", b64e(salt)));
            enc(&mut p, *encoding);
        }
        Step::Scrypt {
            n,
            r,
            p: par,
            salt,
            encoding,
        } => {
            p.push(("n", n.to_string()));
            p.push(("r", r.to_string()));
            p.push(("p", par.to_string()));
            p.push(("l", len.to_string()));
            p.push(("s", b64e(salt)));
            enc(&mut p, *encoding);
        }
        Step::FirebaseScrypt {
            salt,
            separator,
            rounds,
            mem_cost,
            ..
        } => {
            p.push(("r", rounds.to_string()));
            p.push(("m", mem_cost.to_string()));
            p.push(("s", b64e(salt)));
            p.push(("ss", b64e(separator)));
        }
        Step::Argon2 {
            params,
            data,
            salt,
            encoding,
        } => {
            let y = match params.variant {
                argon2::Algorithm::Argon2d => "d",
                argon2::Algorithm::Argon2i => "i",
                argon2::Algorithm::Argon2id => "id",
            };
            let v = match params.version {
                argon2::Version::V0x10 => "16",
                argon2::Version::V0x13 => "19",
            };
            p.push(("y", y.to_owned()));
            p.push(("v", v.to_owned()));
            p.push(("m", params.m_kib.to_string()));
            p.push(("t", params.t.to_string()));
            p.push(("p", params.p.to_string()));
            p.push(("l", len.to_string()));
            p.push(("s", b64e(salt)));
            if let Some(d) = data {
                p.push(("data", b64e(d)));
            }
            enc(&mut p, *encoding);
        }
        Step::Bcrypt {
            variant,
            cost,
            salt,
            around: a,
            encoding,
        } => {
            p.push(("y", variant.marker().trim_matches('$').to_owned()));
            p.push(("c", cost.to_string()));
            p.push(("s", b64e(salt)));
            around(&mut p, a);
            enc(&mut p, *encoding);
        }
        Step::Md5Crypt { apr, salt } => {
            p.push(("y", if *apr { "apr1" } else { "1" }.to_owned()));
            p.push(("s", b64e(salt)));
        }
        Step::ShaCrypt {
            sha512,
            rounds,
            salt,
        } => {
            p.push(("y", if *sha512 { "6" } else { "5" }.to_owned()));
            p.push(("rounds", rounds.to_string()));
            p.push(("s", b64e(salt)));
        }
        Step::DesCrypt { salt } => p.push(("s", salt.to_string())),
    }
    Ok(p.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(","))
}

/// A decoded parameter list, consumed key by key so that leftovers can be refused.
struct List<'a> {
    scheme: &'static str,
    map: BTreeMap<&'a str, &'a str>,
}

impl<'a> List<'a> {
    fn parse(scheme: &'static str, text: &'a str) -> Result<Self> {
        if text.len() > MAX_PARAMS_BYTES {
            return Err(Error::limit(
                scheme,
                "parameter bytes",
                text.len() as u64,
                MAX_PARAMS_BYTES as u64,
                "",
            ));
        }
        let mut map = BTreeMap::new();
        for item in text.split(',') {
            let (k, v) = item
                .split_once('=')
                .ok_or_else(|| Error::malformed(scheme, "params", "expected key=value pairs"))?;
            if map.insert(k, v).is_some() {
                return Err(Error::malformed(scheme, "params", "a key appears twice"));
            }
        }
        Ok(List { scheme, map })
    }

    fn take(&mut self, key: &'static str) -> Option<&'a str> {
        self.map.remove(key)
    }

    fn req(&mut self, key: &'static str) -> Result<&'a str> {
        self.take(key)
            .ok_or_else(|| Error::malformed(self.scheme, "params", format!("{key}= is missing")))
    }

    fn num(&mut self, key: &'static str) -> Result<u64> {
        let v = self.req(key)?;
        crate::primitives::number::canonical_decimal(self.scheme, "params", v)
    }

    fn bytes(&mut self, key: &'static str) -> Result<Vec<u8>> {
        let v = self.req(key)?;
        self.decode(v)
    }

    fn opt_bytes(&mut self, key: &'static str) -> Result<Vec<u8>> {
        match self.take(key) {
            Some(v) => self.decode(v),
            None => Ok(Vec::new()),
        }
    }

    fn decode(&self, v: &str) -> Result<Vec<u8>> {
        b64::decode(&b64::STANDARD_NO_PAD, v).ok_or_else(|| {
            Error::malformed(self.scheme, "params", "a value is not unpadded base64")
        })
    }

    fn alg(&mut self) -> Result<Algorithm> {
        let name = self.req("a")?;
        Algorithm::from_name(name)
            .ok_or_else(|| Error::malformed(self.scheme, "params", "unknown digest in a="))
    }

    fn around(&mut self) -> Result<Around> {
        Ok(Around {
            prefix: self.opt_bytes("pre")?,
            suffix: self.opt_bytes("suf")?,
        })
    }

    fn encoding(&mut self) -> Result<PasswordEncoding> {
        match self.take("enc") {
            None => Ok(PasswordEncoding::Utf8),
            Some(e) => PasswordEncoding::parse(e),
        }
    }

    fn out_len(&mut self) -> Result<usize> {
        let l = self.num("l")?;
        usize::try_from(l)
            .ok()
            .filter(|l| *l > 0)
            .ok_or_else(|| Error::malformed(self.scheme, "params", "l= must be 1 or more"))
    }

    fn u32(&mut self, key: &'static str) -> Result<u32> {
        let v = self.num(key)?;
        crate::primitives::number::to_u32(self.scheme, "params", v)
    }

    fn finish(self) -> Result<()> {
        match self.map.keys().next() {
            None => Ok(()),
            Some(_) => Err(Error::malformed(self.scheme, "params", "an unknown key")),
        }
    }
}

/// A decoded step: the step, its output length (the digest's length where the step has a free
/// one, else 0) and the scheme it was read as.
pub(crate) struct Decoded {
    pub(crate) step: Step,
    pub(crate) len: usize,
    pub(crate) from: String,
}

/// The step named `name` from its parameter list `text`, errors naming `scheme`. Nothing is
/// bounded here but the text's size; [`Step::check`] bounds the costs.
///
/// # Errors
/// [`crate::ErrorKind::Malformed`] for an unknown step, key or value.
pub(crate) fn decode(scheme: &'static str, name: &str, text: &str) -> Result<Decoded> {
    let mut l = List::parse(scheme, text)?;
    let from = l.req("from")?;
    if from.is_empty() || !from.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err(Error::malformed(
            scheme,
            "params",
            "from= is not a scheme id",
        ));
    }
    let mut len = 0;
    let step = match name {
        "digest" => Step::Digest {
            alg: l.alg()?,
            around: l.around()?,
            encoding: l.encoding()?,
        },
        "hmac" => Step::Hmac {
            alg: l.alg()?,
            key: Zeroizing::new(l.bytes("key")?),
            around: l.around()?,
            encoding: l.encoding()?,
        },
        "pbkdf2" => {
            let alg = l.alg()?;
            let iterations = l.num("i")?;
            len = l.out_len()?;
            Step::Pbkdf2 {
                alg,
                iterations,
                salt: l.bytes("s")?,
                encoding: l.encoding()?,
            }
        }
        "scrypt" => {
            let (n, r, p) = (l.num("n")?, l.num("r")?, l.num("p")?);
            len = l.out_len()?;
            Step::Scrypt {
                n,
                r,
                p,
                salt: l.bytes("s")?,
                encoding: l.encoding()?,
            }
        }
        "firebase_scrypt" => Step::FirebaseScrypt {
            rounds: l.num("r")?,
            mem_cost: l.num("m")?,
            salt: l.bytes("s")?,
            separator: l.bytes("ss")?,
            signer_key: None,
        },
        "argon2" => {
            let variant = match l.req("y")? {
                "id" => argon2::Algorithm::Argon2id,
                "i" => argon2::Algorithm::Argon2i,
                "d" => argon2::Algorithm::Argon2d,
                _ => return Err(Error::malformed(scheme, "params", "y= must be id, i or d")),
            };
            let version = match l.req("v")? {
                "19" => argon2::Version::V0x13,
                "16" => argon2::Version::V0x10,
                _ => return Err(Error::malformed(scheme, "params", "v= must be 16 or 19")),
            };
            let params = Argon2Params {
                variant,
                version,
                m_kib: l.u32("m")?,
                t: l.u32("t")?,
                p: l.u32("p")?,
            };
            len = l.out_len()?;
            let salt = l.bytes("s")?;
            let data = match l.take("data") {
                Some(d) => Some(l.decode(d)?),
                None => None,
            };
            Step::Argon2 {
                params,
                data,
                salt,
                encoding: l.encoding()?,
            }
        }
        "bcrypt" => {
            let y = l.req("y")?;
            let (variant, rest) = Variant::split(&format!("${y}$"))
                .map(|(v, r)| (v, r.is_empty()))
                .ok_or_else(|| Error::malformed(scheme, "params", "y= is not a bcrypt version"))?;
            if !rest {
                return Err(Error::malformed(
                    scheme,
                    "params",
                    "y= is not a bcrypt version",
                ));
            }
            let cost = l.u32("c")?;
            let salt: [u8; 16] = l
                .bytes("s")?
                .try_into()
                .map_err(|_| Error::malformed(scheme, "params", "a bcrypt salt is 16 bytes"))?;
            Step::Bcrypt {
                variant,
                cost,
                salt,
                around: l.around()?,
                encoding: l.encoding()?,
            }
        }
        "md5_crypt" => {
            let apr = match l.req("y")? {
                "1" => false,
                "apr1" => true,
                _ => return Err(Error::malformed(scheme, "params", "y= must be 1 or apr1")),
            };
            let salt = l.bytes("s")?;
            if salt.len() > 8 {
                return Err(Error::malformed(
                    scheme,
                    "params",
                    "an md5-crypt salt is 8 bytes at most",
                ));
            }
            Step::Md5Crypt { apr, salt }
        }
        "sha_crypt" => {
            let sha512 = match l.req("y")? {
                "5" => false,
                "6" => true,
                _ => return Err(Error::malformed(scheme, "params", "y= must be 5 or 6")),
            };
            Step::ShaCrypt {
                sha512,
                rounds: l.num("rounds")?,
                salt: l.bytes("s")?,
            }
        }
        "des_crypt" => {
            let salt = l.num("s")?;
            if salt >= 1 << 12 {
                return Err(Error::malformed(scheme, "params", "a DES salt is 12 bits"));
            }
            Step::DesCrypt {
                salt: u32::try_from(salt).unwrap_or(0),
            }
        }
        _ => return Err(Error::malformed(scheme, "step", "unknown legacy step")),
    };
    let from = from.to_owned();
    l.finish()?;
    Ok(Decoded { step, len, from })
}
