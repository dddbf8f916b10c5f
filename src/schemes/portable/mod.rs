//! A stored credential as a portable description: the computation that turns a password into
//! the stored digest (its [`Step`]: algorithm, salt, costs, password encoding) and the digest
//! itself.
//!
//! Two things are built on it. Converting an export into another platform's import format
//! writes the same step and digest in that platform's terms (`toolkit::convert`), and checks the
//! written record by describing it again: the same hash is the same description. Wrapping a
//! weak hash keeps the step and hashes the digest with the upgrade target
//! ([`crate::Migrator::wrap`], the `hashbridge_wrapped` scheme): at login the step is run again
//! on the password and its output checked against the target hash.
//!
//! The output of a step is what the source format compares: the raw digest for the digest,
//! HMAC and key-derivation families, and for crypt(3) strings (md5-crypt, SHA-crypt, DES
//! crypt) the encoded digest text, which is a function of the password and the setting alone.
//! A step computes only as the format's primary reading does: a password with a NUL is a C
//! string for the crypt family and bcrypt (its part before the NUL).
//!
//! [`describe`] reads the built-in schemes that have a step; others (yescrypt, SCRAM, the
//! network and database families) are `unsupported`, and their users are upgraded at their next
//! login instead.

pub(crate) mod codec;
mod describe;

use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::Algorithm;
use crate::schemes::phc::argon2::Argon2Params;
use crate::schemes::unix::bcrypt::Variant;

pub(crate) use self::describe::describe;
pub(crate) use crate::schemes::vendor::auth0::PasswordEncoding;

/// Bytes placed around the password before it is hashed (a salt column on either side, the
/// `user:realm:` of htdigest, Auth0's salt object).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Around {
    pub(crate) prefix: Vec<u8>,
    pub(crate) suffix: Vec<u8>,
}

impl Around {
    /// Nothing around the password.
    pub(crate) const NONE: Around = Around {
        prefix: Vec::new(),
        suffix: Vec::new(),
    };

    /// `salt` before the password.
    pub(crate) fn prefix(salt: impl Into<Vec<u8>>) -> Self {
        Around {
            prefix: salt.into(),
            suffix: Vec::new(),
        }
    }

    /// `salt` after the password.
    pub(crate) fn suffix(salt: impl Into<Vec<u8>>) -> Self {
        Around {
            prefix: Vec::new(),
            suffix: salt.into(),
        }
    }

    /// Whether nothing is placed around the password.
    #[cfg(feature = "toolkit")]
    pub(crate) fn is_empty(&self) -> bool {
        self.prefix.is_empty() && self.suffix.is_empty()
    }

    /// The salt when exactly one side has one, with whether it goes first.
    #[cfg(feature = "toolkit")]
    pub(crate) fn one_side(&self) -> Option<(&[u8], bool)> {
        match (self.prefix.is_empty(), self.suffix.is_empty()) {
            (false, true) => Some((&self.prefix, true)),
            (true, false) => Some((&self.suffix, false)),
            _ => None,
        }
    }

    fn joined(&self, password: &[u8]) -> Zeroizing<Vec<u8>> {
        let mut v = Zeroizing::new(Vec::with_capacity(
            self.prefix.len() + password.len() + self.suffix.len(),
        ));
        v.extend_from_slice(&self.prefix);
        v.extend_from_slice(password);
        v.extend_from_slice(&self.suffix);
        v
    }
}

/// The computation from a password to a stored digest.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Step {
    /// The password itself is stored.
    Plaintext,
    /// One digest of the password with bytes around it.
    Digest {
        alg: Algorithm,
        around: Around,
        encoding: PasswordEncoding,
    },
    /// HMAC under `key` of the password with bytes around it.
    Hmac {
        alg: Algorithm,
        key: Zeroizing<Vec<u8>>,
        around: Around,
        encoding: PasswordEncoding,
    },
    /// PBKDF2-HMAC; the output is as long as the digest.
    Pbkdf2 {
        alg: Algorithm,
        iterations: u64,
        salt: Vec<u8>,
        encoding: PasswordEncoding,
    },
    /// scrypt with N = `n`; the output is as long as the digest.
    Scrypt {
        n: u64,
        r: u64,
        p: u64,
        salt: Vec<u8>,
        encoding: PasswordEncoding,
    },
    /// Firebase's scrypt variant: the signer key encrypted under scrypt(password, salt ||
    /// separator). The signer key is project configuration; `None` when only the credential's
    /// parameters can supply it (a wrapped credential never copies it).
    FirebaseScrypt {
        salt: Vec<u8>,
        separator: Vec<u8>,
        rounds: u64,
        mem_cost: u64,
        signer_key: Option<Zeroizing<Vec<u8>>>,
    },
    /// argon2 of any variant and version; the output is as long as the digest.
    Argon2 {
        params: Argon2Params,
        data: Option<Vec<u8>>,
        salt: Vec<u8>,
        encoding: PasswordEncoding,
    },
    /// bcrypt; the output is the 23-byte raw digest.
    Bcrypt {
        variant: Variant,
        cost: u32,
        salt: [u8; 16],
        around: Around,
        encoding: PasswordEncoding,
    },
    /// md5-crypt (`$1$`) or Apache's `$apr1$`; the output is the 22-character digest text.
    Md5Crypt { apr: bool, salt: Vec<u8> },
    /// SHA-256-crypt or SHA-512-crypt; the output is the digest text.
    ShaCrypt {
        sha512: bool,
        rounds: u64,
        salt: Vec<u8>,
    },
    /// Traditional DES crypt with a 12-bit salt; the output is the 11-character digest text.
    DesCrypt { salt: u32 },
}

impl std::fmt::Debug for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Salts and keys are secrets of a kind: the kind of step only.
        f.write_str(self.name())
    }
}

/// A stored credential: the step and the digest it must produce.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Portable {
    /// The computation.
    pub(crate) step: Step,
    /// What the computation must produce for the right password.
    pub(crate) digest: Vec<u8>,
    /// The scheme id the credential was read as.
    pub(crate) scheme: &'static str,
}

impl Portable {
    /// One digest of the UTF-8 password with `around` it, as `scheme` stores it.
    pub(crate) fn digest(
        scheme: &'static str,
        alg: Algorithm,
        around: Around,
        digest: Vec<u8>,
    ) -> Self {
        let encoding = PasswordEncoding::Utf8;
        Portable {
            step: Step::Digest {
                alg,
                around,
                encoding,
            },
            digest,
            scheme,
        }
    }

    /// PBKDF2-HMAC-`alg` of the UTF-8 password, as `scheme` stores it.
    pub(crate) fn pbkdf2(
        scheme: &'static str,
        alg: Algorithm,
        iterations: u64,
        salt: Vec<u8>,
        digest: Vec<u8>,
    ) -> Self {
        let encoding = PasswordEncoding::Utf8;
        Portable {
            step: Step::Pbkdf2 {
                alg,
                iterations,
                salt,
                encoding,
            },
            digest,
            scheme,
        }
    }

    /// scrypt of the UTF-8 password with N = `n`, as `scheme` stores it.
    pub(crate) fn scrypt(
        scheme: &'static str,
        (n, r, p): (u64, u64, u64),
        salt: Vec<u8>,
        digest: Vec<u8>,
    ) -> Self {
        let encoding = PasswordEncoding::Utf8;
        Portable {
            step: Step::Scrypt {
                n,
                r,
                p,
                salt,
                encoding,
            },
            digest,
            scheme,
        }
    }

    /// Whether `other` describes the same hash: the same step and digest, whatever scheme or
    /// format it was written in.
    ///
    /// bcrypt's `$2a$`, `$2b$` and `$2y$` count as one: `$2b$` and `$2y$` are the same algorithm
    /// under two names, and `$2a$` differs from them only for passwords of 255 bytes and more
    /// (OpenBSD's old length counter) and for some 8-bit passwords (crypt_blowfish's
    /// countermeasure against `$2x$` collisions), which an import format without a version
    /// field (Okta's `BCRYPT`) cannot say anyway.
    #[cfg(feature = "toolkit")]
    pub(crate) fn same_hash(&self, other: &Portable) -> bool {
        fn plain(s: &Step) -> Step {
            match s {
                Step::Bcrypt {
                    variant: Variant::A | Variant::Y,
                    cost,
                    salt,
                    around,
                    encoding,
                } => Step::Bcrypt {
                    variant: Variant::B,
                    cost: *cost,
                    salt: *salt,
                    around: around.clone(),
                    encoding: *encoding,
                },
                other => other.clone(),
            }
        }
        plain(&self.step) == plain(&other.step) && self.digest == other.digest
    }
}

impl Step {
    /// The step's name in wrapped strings and reports.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Step::Plaintext => "plaintext",
            Step::Digest { .. } => "digest",
            Step::Hmac { .. } => "hmac",
            Step::Pbkdf2 { .. } => "pbkdf2",
            Step::Scrypt { .. } => "scrypt",
            Step::FirebaseScrypt { .. } => "firebase_scrypt",
            Step::Argon2 { .. } => "argon2",
            Step::Bcrypt { .. } => "bcrypt",
            Step::Md5Crypt { .. } => "md5_crypt",
            Step::ShaCrypt { .. } => "sha_crypt",
            Step::DesCrypt { .. } => "des_crypt",
        }
    }

    /// The step's configuration without its per-user parts (salts, digest): what a platform's
    /// import takes once for a whole group of users, and what a probe checks once. Keys are
    /// named by a short digest of them, never in clear.
    #[cfg(feature = "toolkit")]
    pub(crate) fn config_key(&self) -> String {
        let fp = |k: &[u8]| {
            crate::encoding::hex::encode(&Algorithm::Sha256.digest(&[k]).as_bytes()[..6])
        };
        let sides = |a: &Around| match (a.prefix.is_empty(), a.suffix.is_empty()) {
            (true, true) => "none",
            (false, true) => "prefix",
            (true, false) => "suffix",
            (false, false) => "both",
        };
        let e = self.encoding().name();
        match self {
            Step::Plaintext => "plaintext".to_owned(),
            Step::Digest { alg, around, .. } => {
                format!("digest:{}:{}:{e}", alg.name(), sides(around))
            }
            Step::Hmac {
                alg, key, around, ..
            } => format!("hmac:{}:{}:{}:{e}", alg.name(), fp(key), sides(around)),
            Step::Pbkdf2 {
                alg, iterations, ..
            } => format!("pbkdf2:{}:{iterations}:{e}", alg.name()),
            Step::Scrypt { n, r, p, .. } => format!("scrypt:{n}:{r}:{p}:{e}"),
            Step::FirebaseScrypt {
                separator,
                rounds,
                mem_cost,
                signer_key,
                ..
            } => format!(
                "firebase_scrypt:{rounds}:{mem_cost}:{}:{}",
                fp(separator),
                signer_key.as_ref().map_or_else(String::new, |k| fp(k))
            ),
            Step::Argon2 { params, data, .. } => format!(
                "argon2:{:?}:{:?}:{}:{}:{}:{}:{e}",
                params.variant,
                params.version,
                params.m_kib,
                params.t,
                params.p,
                data.is_some()
            ),
            Step::Bcrypt {
                variant,
                cost,
                around,
                ..
            } => format!("bcrypt:{}:{cost}:{}:{e}", variant.marker(), sides(around)),
            Step::Md5Crypt { apr, .. } => format!("md5_crypt:{apr}"),
            Step::ShaCrypt { sha512, rounds, .. } => format!("sha_crypt:{sha512}:{rounds}"),
            Step::DesCrypt { .. } => "des_crypt".to_owned(),
        }
    }

    /// The password encoding the step applies, `Utf8` where it has none of its own.
    pub(crate) fn encoding(&self) -> PasswordEncoding {
        match self {
            Step::Digest { encoding, .. }
            | Step::Hmac { encoding, .. }
            | Step::Pbkdf2 { encoding, .. }
            | Step::Scrypt { encoding, .. }
            | Step::Argon2 { encoding, .. }
            | Step::Bcrypt { encoding, .. } => *encoding,
            _ => PasswordEncoding::Utf8,
        }
    }

    /// Check every cost against `limits` for an output of `len` bytes, before any work.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Limit`] naming `scheme`, or `malformed` for costs the algorithm
    /// cannot run with.
    pub(crate) fn check(&self, scheme: &'static str, len: usize, limits: &Limits) -> Result<()> {
        match self {
            Step::Plaintext | Step::DesCrypt { .. } | Step::Md5Crypt { .. } => Ok(()),
            Step::Digest { around, .. } | Step::Hmac { around, .. } => {
                limits.salt_len(scheme, around.prefix.len() + around.suffix.len())
            }
            Step::Pbkdf2 {
                alg,
                iterations,
                salt,
                ..
            } => {
                limits.salt_len(scheme, salt.len())?;
                limits.pbkdf2(scheme, *alg, *iterations, len)
            }
            Step::Scrypt { n, r, p, salt, .. } => {
                limits.salt_len(scheme, salt.len())?;
                limits.output_len(scheme, len)?;
                crate::primitives::scrypt::ScryptCost::scrypt(*n, *r, *p).check(scheme, limits)
            }
            Step::FirebaseScrypt {
                salt,
                rounds,
                mem_cost,
                ..
            } => {
                limits.salt_len(scheme, salt.len())?;
                if *mem_cost >= 64 {
                    return Err(Error::limit(scheme, "mem_cost", *mem_cost, 63, ""));
                }
                limits.scrypt(scheme, 1u64 << mem_cost, *rounds, 1)
            }
            Step::Argon2 { params, salt, .. } => {
                limits.salt_len(scheme, salt.len())?;
                limits.output_len(scheme, len)?;
                limits.argon2(
                    scheme,
                    u64::from(params.m_kib),
                    u64::from(params.t),
                    u64::from(params.p),
                )
            }
            Step::Bcrypt { cost, around, .. } => {
                limits.salt_len(scheme, around.prefix.len() + around.suffix.len())?;
                if !(4..=31).contains(cost) {
                    return Err(Error::malformed(
                        scheme,
                        "cost",
                        "bcrypt costs run from 4 to 31",
                    ));
                }
                limits.bcrypt(scheme, *cost, 1)
            }
            Step::ShaCrypt {
                sha512,
                rounds,
                salt,
            } => crate::schemes::unix::sha_crypt::ShaCrypt::of(*sha512).check_rounds(
                *rounds,
                salt.len(),
                limits,
            ),
        }
    }

    /// What the step makes of `password`, `len` bytes where the length is free (the KDFs);
    /// `None` when the password cannot be what the source system hashed (not text, for a step
    /// that re-encodes it). Costs are checked against `limits` first.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Limit`] over the limits; [`crate::ErrorKind::MissingContext`] for a
    /// Firebase step without its signer key; [`crate::ErrorKind::Unavailable`] for memory.
    #[cfg(feature = "toolkit")]
    pub(crate) fn compute(
        &self,
        scheme: &'static str,
        password: &[u8],
        len: usize,
        limits: &Limits,
    ) -> Result<Option<Zeroizing<Vec<u8>>>> {
        self.reading(scheme, password, false, len, limits)
    }

    /// Whether the source scheme also reads a password with a NUL whole, besides as the C
    /// string before the NUL (bcrypt and md5-crypt try both: pyca/bcrypt and passlib key on
    /// every byte, the C implementations stop at the NUL).
    pub(crate) fn reads_whole(&self, password: &[u8]) -> bool {
        password.contains(&0) && matches!(self, Step::Bcrypt { .. } | Step::Md5Crypt { .. })
    }

    /// [`Step::compute`] of one reading of `password`: `whole` keeps the bytes after a NUL
    /// that the crypt family and bcrypt otherwise cut (see [`Step::reads_whole`]).
    ///
    /// # Errors
    /// As [`Step::compute`].
    pub(crate) fn reading(
        &self,
        scheme: &'static str,
        password: &[u8],
        whole: bool,
        len: usize,
        limits: &Limits,
    ) -> Result<Option<Zeroizing<Vec<u8>>>> {
        let c_str = |p: &[u8]| -> Vec<u8> {
            if whole {
                p.to_vec()
            } else {
                crate::schemes::unix::common::c_str(p).to_vec()
            }
        };
        self.check(scheme, len, limits)?;
        let Some(pw) = self.encoding().transcode(password) else {
            return Ok(None);
        };
        let out = match self {
            Step::Plaintext => Zeroizing::new(pw.to_vec()),
            Step::Digest { alg, around, .. } => Zeroizing::new(
                alg.digest(&[&around.prefix, &pw, &around.suffix])
                    .as_bytes()
                    .to_vec(),
            ),
            Step::Hmac {
                alg, key, around, ..
            } => Zeroizing::new(
                alg.hmac(key, &[&around.prefix, &pw, &around.suffix])
                    .as_bytes()
                    .to_vec(),
            ),
            Step::Pbkdf2 {
                alg,
                iterations,
                salt,
                ..
            } => crate::primitives::pbkdf2::derive(
                scheme,
                *alg,
                &pw,
                salt,
                *iterations,
                len,
                limits,
            )?,
            Step::Scrypt { n, r, p, salt, .. } => crate::primitives::scrypt::derive(
                scheme,
                &pw,
                salt,
                crate::primitives::scrypt::ScryptCost::scrypt(*n, *r, *p),
                len,
                limits,
            )?,
            Step::FirebaseScrypt {
                salt,
                separator,
                rounds,
                mem_cost,
                signer_key,
            } => {
                let key = signer_key
                    .as_ref()
                    .ok_or_else(|| Error::missing(scheme, "params.base64_signer_key"))?;
                crate::schemes::vendor::firebase::firebase_scrypt_raw(
                    &pw,
                    salt,
                    separator,
                    key,
                    1u64 << mem_cost,
                    *rounds,
                    limits,
                )?
            }
            Step::Argon2 {
                params, data, salt, ..
            } => crate::schemes::phc::argon2::argon2_raw(
                scheme,
                *params,
                data.as_deref(),
                &pw,
                salt,
                len,
                limits,
            )?,
            Step::Bcrypt {
                variant,
                cost,
                salt,
                around,
                ..
            } => {
                let joined = around.joined(&pw);
                let key = Zeroizing::new(c_str(&joined));
                let raw = crate::schemes::unix::bcrypt::bcrypt_raw(&key, salt, *cost, *variant);
                Zeroizing::new(raw.to_vec())
            }
            Step::Md5Crypt { apr, salt } => {
                let key = Zeroizing::new(c_str(&pw));
                Zeroizing::new(
                    crate::schemes::unix::md5_crypt::md5_crypt_text(&key, salt, *apr).into_bytes(),
                )
            }
            Step::ShaCrypt {
                sha512,
                rounds,
                salt,
            } => {
                let key = Zeroizing::new(c_str(&pw));
                Zeroizing::new(
                    crate::schemes::unix::sha_crypt::ShaCrypt::of(*sha512)
                        .text(&key, salt, *rounds)
                        .into_bytes(),
                )
            }
            Step::DesCrypt { salt } => {
                let pw = Zeroizing::new(c_str(&pw));
                let block = crate::schemes::unix::des_crypt::des_crypt_raw(
                    &pw[..pw.len().min(8)],
                    *salt,
                    25,
                );
                Zeroizing::new(crate::schemes::unix::common::encode_des_block(block).into_bytes())
            }
        };
        Ok(Some(out))
    }

    /// Work units of one computation for an output of `len` bytes (see `crate::cost`), for
    /// reports; saturates.
    #[cfg(feature = "toolkit")]
    pub(crate) fn work(&self, len: usize) -> u64 {
        use crate::cost;
        let len = len as u64;
        match self {
            Step::Plaintext => 0,
            Step::Digest { alg, around, .. } => cost::digest(
                *alg,
                16 + (around.prefix.len() + around.suffix.len()) as u64,
            ),
            Step::Hmac { alg, around, .. } => cost::digest(*alg, 64)
                .saturating_mul(2)
                .saturating_add(cost::digest(
                    *alg,
                    (around.prefix.len() + around.suffix.len()) as u64,
                )),
            Step::Pbkdf2 {
                alg, iterations, ..
            } => cost::pbkdf2(*alg, *iterations, len),
            Step::Scrypt { n, r, p, .. } => cost::scrypt(*n, *r, *p, 0),
            Step::FirebaseScrypt {
                rounds, mem_cost, ..
            } => cost::scrypt(
                u32::try_from(*mem_cost)
                    .ok()
                    .and_then(|m| 1u64.checked_shl(m))
                    .unwrap_or(u64::MAX),
                *rounds,
                1,
                0,
            ),
            Step::Argon2 { params, .. } => {
                cost::argon2(u64::from(params.m_kib), u64::from(params.t))
            }
            Step::Bcrypt { cost: c, .. } => cost::bcrypt(*c),
            Step::Md5Crypt { .. } => cost::digest(Algorithm::Md5, 32).saturating_mul(1000),
            Step::ShaCrypt {
                sha512,
                rounds,
                salt,
            } => {
                let alg = if *sha512 {
                    Algorithm::Sha512
                } else {
                    Algorithm::Sha256
                };
                cost::sha_crypt_round(alg, 16, salt.len() as u64).saturating_mul(*rounds)
            }
            Step::DesCrypt { .. } => cost::des(25),
        }
    }

    /// Whether the step stores something a precomputed table or a leak elsewhere can match:
    /// no salt at all (the same password gives the same digest in every system using it).
    #[cfg(feature = "toolkit")]
    pub(crate) fn unsalted(&self) -> bool {
        match self {
            Step::Plaintext => true,
            Step::Digest { around, .. } => around.is_empty(),
            Step::Hmac { .. } => false,
            Step::Pbkdf2 { salt, .. } | Step::Scrypt { salt, .. } | Step::Argon2 { salt, .. } => {
                salt.is_empty()
            }
            Step::FirebaseScrypt { salt, .. } => salt.is_empty(),
            Step::Bcrypt { .. } | Step::DesCrypt { .. } => false,
            Step::Md5Crypt { salt, .. } | Step::ShaCrypt { salt, .. } => salt.is_empty(),
        }
    }
}
