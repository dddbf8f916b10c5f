//! Argon2 (`$argon2i$`, `$argon2d$`, `$argon2id$`), the Password Hashing Competition winner, in
//! the encoding of its reference library libargon2.
//!
//! Produced by libargon2 (and everything built on it: argon2-cffi, passlib, PHP's
//! `password_hash`, Dovecot, Django, Spring), by RustCrypto's `argon2`, and by this crate's own
//! upgrade target. Form: `$argon2<type>$v=<16|19>$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>`,
//! salt and hash in standard base64 without padding.
//!
//! Quirks, each checked here rather than left to the `argon2` crate:
//! - A string without `v=` is a version 0x10 hash (libargon2 and passlib read it so; the earliest
//!   releases wrote no version). The crate assumes 0x13 and would answer "wrong password", so the
//!   version is always passed explicitly.
//! - Parsing follows libargon2's `decode_string`: parameters exactly in the order `m,t,p`, no
//!   duplicates, no spaces, decimal numbers without leading zeros, base64 without padding and
//!   with zero trailing bits, nothing after the hash. The pre-1.0 `,keyid=` and `,data=`
//!   parameters that passlib still parses are accepted in that order after `p`: `data` is hashed
//!   as associated data, `keyid` names a secret key the credential does not carry and is
//!   reported as unsupported.
//! - libargon2's bounds: salt of at least 8 bytes, output of at least 4 bytes (argon2-cffi and PHP
//!   write 4..9-byte outputs, which the crate's PHC layer refuses; its raw `hash_password_into`
//!   with explicit [`argon2::Params`] accepts them), `m >= 8 * p`, `t >= 1`, `p >= 1`.
//! - `m`, `t` and `p` are checked against [`Limits`] before anything is decoded or allocated:
//!   `m=4294967295` would be a 4 TiB allocation.
//!
//! Weaknesses: none in the algorithm; argon2i with low `t` has known time–memory trade-offs and
//! argon2d is open to side channels, so only argon2id v=19 counts as an upgrade target.

use argon2::{Algorithm, Version};
use zeroize::Zeroizing;

use super::argon2_area::Area;
use super::fields::{self, B64};
use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::memory;
use crate::policy::Target;
use crate::primitives::ct_eq;
use crate::primitives::number::{canonical_decimal, to_u32};
use crate::scheme::{Match, Scheme};

const ID: &str = "argon2";

/// libargon2's `ARGON2_MIN_SALT_LENGTH`.
const MIN_SALT: usize = 8;
/// libargon2's `ARGON2_MIN_OUTLEN`.
const MIN_OUTPUT: usize = 4;
/// Shortest output a hash must have to count as meeting an argon2id target.
const MIN_TARGET_OUTPUT: usize = 16;

/// The cost parameters of an argon2 hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Argon2Params {
    /// argon2d, argon2i or argon2id.
    pub variant: Algorithm,
    /// 0x10 or 0x13.
    pub version: Version,
    /// Memory in KiB.
    pub m_kib: u32,
    /// Passes.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

/// The raw argon2 function: `out_len` bytes for `password` and `salt`, with optional associated
/// data, wiped on drop; errors name `scheme`.
///
/// Bound, reserve, allocate, wipe: the costs are checked against `limits` first; the memory
/// (`m` KiB, rounded down to whole blocks per lane as argon2 does) is reserved from the memory
/// budget of the migrator call on this thread ([`crate::memory::reserve`]) and taken from the
/// thread's kept area or allocated fallibly here ([`Area`]), not by the `argon2` crate (whose
/// own allocation failure is an error we could only report as a parameter problem); the blocks
/// are wiped after the hash, before they are kept or freed.
///
/// # Errors
/// [`crate::ErrorKind::Limit`] over `limits` or the whole budget;
/// [`crate::ErrorKind::Malformed`] for parameters argon2 refuses;
/// [`crate::ErrorKind::Unavailable`] when the budget stayed full for its whole wait, or the
/// allocator refused the memory.
pub(crate) fn argon2_raw(
    scheme: &'static str,
    params: Argon2Params,
    data: Option<&[u8]>,
    password: &[u8],
    salt: &[u8],
    out_len: usize,
    limits: &Limits,
) -> Result<Zeroizing<Vec<u8>>> {
    limits.argon2(
        scheme,
        u64::from(params.m_kib),
        u64::from(params.t),
        u64::from(params.p),
    )?;
    let rejected = |_| Error::malformed(scheme, "params", "rejected by argon2");
    let mut builder = argon2::ParamsBuilder::new();
    builder
        .m_cost(params.m_kib)
        .t_cost(params.t)
        .p_cost(params.p)
        .output_len(out_len);
    if let Some(d) = data {
        builder.data(argon2::AssociatedData::new(d).map_err(rejected)?);
    }
    let built = builder.build().map_err(rejected)?;
    let blocks = built.block_count();
    let kdf = argon2::Argon2::new(params.variant, params.version, built);
    let _held = memory::reserve(
        scheme,
        (blocks as u64).saturating_mul(argon2::Block::SIZE as u64),
    )?;
    let mut area = Area::take(scheme, blocks, limits)?;
    let mut out = Zeroizing::new(vec![0u8; out_len]);
    kdf.hash_password_into_with_memory(password, salt, &mut out, area.blocks())
        .map_err(rejected)?;
    Ok(out)
}

/// [`crate::kdf::argon2`]: version 0x13, no associated data, errors naming `scheme`.
pub(crate) fn derive(
    scheme: &'static str,
    variant: crate::kdf::Argon2Variant,
    password: &[u8],
    salt: &[u8],
    (m_kib, t, p): (u32, u32, u32),
    out_len: usize,
    limits: &Limits,
) -> Result<Zeroizing<Vec<u8>>> {
    use crate::kdf::Argon2Variant as V;
    let variant = match variant {
        V::Argon2d => Algorithm::Argon2d,
        V::Argon2i => Algorithm::Argon2i,
        V::Argon2id => Algorithm::Argon2id,
    };
    let params = Argon2Params {
        variant,
        version: Version::V0x13,
        m_kib,
        t,
        p,
    };
    argon2_raw(scheme, params, None, password, salt, out_len, limits)
}

/// The fields of an argon2 string, split and with numbers read but nothing bounded or decoded.
struct Fields<'a> {
    variant: Algorithm,
    version: Version,
    m: u64,
    t: u64,
    p: u64,
    keyid: Option<&'a str>,
    data: Option<&'a str>,
    salt: &'a str,
    digest: &'a str,
}

/// A fully validated argon2 string.
struct Parsed {
    params: Argon2Params,
    data: Option<Vec<u8>>,
    salt: Vec<u8>,
    digest: Vec<u8>,
}

fn malformed(field: &'static str, reason: &'static str) -> Error {
    Error::malformed(ID, field, reason)
}

fn variant_of(ident: &str) -> Option<Algorithm> {
    match ident {
        "argon2i" => Some(Algorithm::Argon2i),
        "argon2d" => Some(Algorithm::Argon2d),
        "argon2id" => Some(Algorithm::Argon2id),
        _ => None,
    }
}

fn variant_name(v: Algorithm) -> &'static str {
    match v {
        Algorithm::Argon2d => "argon2d",
        Algorithm::Argon2i => "argon2i",
        Algorithm::Argon2id => "argon2id",
    }
}

fn split(hash: &str) -> Result<Fields<'_>> {
    let rest = hash
        .strip_prefix('$')
        .ok_or_else(|| malformed("prefix", "expected $argon2i$, $argon2d$ or $argon2id$"))?;
    let (ident, rest) = rest
        .split_once('$')
        .ok_or_else(|| malformed("params", "missing"))?;
    let variant = variant_of(ident)
        .ok_or_else(|| malformed("variant", "expected argon2i, argon2d or argon2id"))?;
    let (version, rest) = match rest.strip_prefix("v=") {
        Some(r) => {
            let (v, r) = r
                .split_once('$')
                .ok_or_else(|| malformed("params", "missing"))?;
            let version = match canonical_decimal(ID, "v", v)? {
                16 => Version::V0x10,
                19 => Version::V0x13,
                _ => return Err(malformed("v", "expected 16 or 19")),
            };
            (version, r)
        }
        // No version field: a version 0x10 hash, as libargon2 reads it.
        None => (Version::V0x10, rest),
    };
    let mut parts = rest.split('$');
    let params = parts.next().unwrap_or_default();
    let salt = parts.next().ok_or_else(|| malformed("salt", "missing"))?;
    let digest = parts.next().ok_or_else(|| malformed("digest", "missing"))?;
    if parts.next().is_some() {
        return Err(malformed("digest", "unexpected '$' after the digest"));
    }

    let order = "expected m=,t=,p= in that order, then optional keyid= and data=";
    let mut items = params.split(',');
    let mut number = |name: &'static str, prefix: &str| -> Result<u64> {
        let value = items
            .next()
            .and_then(|item| item.strip_prefix(prefix))
            .ok_or_else(|| malformed("params", order))?;
        canonical_decimal(ID, name, value)
    };
    let m = number("m", "m=")?;
    let t = number("t", "t=")?;
    let p = number("p", "p=")?;
    let mut next = items.next();
    let keyid = next.and_then(|item| item.strip_prefix("keyid="));
    if keyid.is_some() {
        next = items.next();
    }
    let data = next.and_then(|item| item.strip_prefix("data="));
    if data.is_some() {
        next = items.next();
    }
    if next.is_some() {
        return Err(malformed("params", order));
    }
    Ok(Fields {
        variant,
        version,
        m,
        t,
        p,
        keyid,
        data,
        salt,
        digest,
    })
}

fn parse(hash: &str, limits: &Limits) -> Result<Parsed> {
    let f = split(hash)?;
    // Costs first: nothing is decoded or allocated before they are known to be bounded.
    limits.argon2(ID, f.m, f.t, f.p)?;
    if f.t == 0 {
        return Err(malformed("t", "must be at least 1"));
    }
    if f.p == 0 {
        return Err(malformed("p", "must be at least 1"));
    }
    if f.m < f.p.saturating_mul(8) {
        return Err(malformed("m", "must be at least 8 KiB per lane"));
    }
    let params = Argon2Params {
        variant: f.variant,
        version: f.version,
        m_kib: to_u32(ID, "m", f.m)?,
        t: to_u32(ID, "t", f.t)?,
        p: to_u32(ID, "p", f.p)?,
    };
    if let Some(keyid) = f.keyid {
        B64::Phc.decode(ID, "keyid", keyid)?;
        return Err(Error::unsupported(
            "argon2: keyid= names a secret key that the credential does not carry",
        ));
    }
    let data = match f.data {
        Some(d) => {
            if B64::max_decoded_len(d.len()) > argon2::Params::MAX_DATA_LEN {
                return Err(Error::unsupported("argon2: data= longer than 32 bytes"));
            }
            Some(B64::Phc.decode(ID, "data", d)?)
        }
        None => None,
    };
    let salt = fields::salt(ID, f.salt, B64::Phc, limits)?;
    if salt.len() < MIN_SALT {
        return Err(malformed("salt", "shorter than 8 bytes"));
    }
    let digest = fields::digest(ID, f.digest, B64::Phc, limits)?;
    if digest.len() < MIN_OUTPUT {
        return Err(malformed("digest", "shorter than 4 bytes"));
    }
    Ok(Parsed {
        params,
        data,
        salt,
        digest,
    })
}

/// The credential as a portable step.
pub(crate) fn portable(
    cred: &Credential,
    limits: &Limits,
) -> Result<crate::schemes::portable::Portable> {
    let p = parse(cred.hash(), limits)?;
    Ok(crate::schemes::portable::Portable {
        step: crate::schemes::portable::Step::Argon2 {
            params: p.params,
            data: p.data,
            salt: p.salt,
            encoding: crate::schemes::portable::PasswordEncoding::Utf8,
        },
        digest: p.digest,
        scheme: ID,
    })
}

/// The PHC string of an argon2 hash (no associated data).
#[cfg(feature = "toolkit")]
pub(crate) fn format(params: Argon2Params, salt: &[u8], digest: &[u8]) -> String {
    let v = match params.version {
        Version::V0x10 => 16,
        Version::V0x13 => 19,
    };
    format!(
        "${}$v={v}$m={},t={},p={}${}${}",
        variant_name(params.variant),
        params.m_kib,
        params.t,
        params.p,
        B64::Phc.encode(salt),
        B64::Phc.encode(digest)
    )
}

/// The argon2 scheme: every variant and version libargon2 writes.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Argon2Scheme;

impl Scheme for Argon2Scheme {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &["$argon2i$", "$argon2d$", "$argon2id$"]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(self.prefixes().iter().any(|p| hash.starts_with(p)))
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = parse(cred.hash(), limits)?;
        let ours = argon2_raw(
            ID,
            p.params,
            p.data.as_deref(),
            password,
            &p.salt,
            p.digest.len(),
            limits,
        )?;
        Ok(ct_eq(&ours, &p.digest))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = parse(cred.hash(), limits)?;
        let v = match p.params.version {
            Version::V0x10 => "16",
            Version::V0x13 => "19",
        };
        Ok(vec![
            ("variant", variant_name(p.params.variant).to_owned()),
            ("v", v.to_owned()),
            ("m", p.params.m_kib.to_string()),
            ("t", p.params.t.to_string()),
            ("p", p.params.p.to_string()),
            ("salt_bytes", p.salt.len().to_string()),
            ("digest_bytes", p.digest.len().to_string()),
        ])
    }

    fn as_target(&self, cred: &Credential) -> Option<Target> {
        let f = split(cred.hash()).ok()?;
        let is_target_kind = f.variant == Algorithm::Argon2id
            && f.version == Version::V0x13
            && f.keyid.is_none()
            && B64::max_decoded_len(f.digest.len()) >= MIN_TARGET_OUTPUT;
        is_target_kind.then_some(Target::Argon2id {
            m_kib: u32::try_from(f.m).ok()?,
            t: u32::try_from(f.t).ok()?,
            p: u32::try_from(f.p).ok()?,
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

    fn verify(pw: &str, hash: &str) -> Result<bool> {
        Argon2Scheme.verify(pw.as_bytes(), &Credential::new(hash), &Limits::DEFAULT)
    }

    /// What a hash leaves on its thread is zeros, counted in the process total, and reused by
    /// the next hash of the same or a smaller cost with the same answers; a bound of 0 keeps
    /// nothing.
    #[test]
    fn kept_area_is_wiped_and_reused() {
        let h = "$argon2id$v=19$m=64,t=1,p=1$jbdHSLAphIAaz+DiMcWJCA$OCRW8HTDwdcwRTiXZ/K0lg4yiScj9kAgV649ARKVLKI";
        let big = "$argon2id$v=19$m=256,t=1,p=2$jbdHSLAphIAaz+DiMcWJCA$OCRW8HTDwdcwRTiXZ/K0lg4yiScj9kAgV649ARKVLKI";
        assert!(!verify("x", big).unwrap());
        let (len, zeros) = super::super::argon2_area::spare().unwrap();
        assert_eq!(len, 256);
        assert!(zeros);
        assert!(crate::memory::kept_scratch_bytes() >= 256 * 1024);
        for _ in 0..2 {
            assert!(verify("密码", h).unwrap());
            assert!(!verify("密码1", h).unwrap());
            assert_eq!(super::super::argon2_area::spare(), Some((256, true)));
        }
        let mut none = Limits::DEFAULT;
        none.max_kept_bytes = 0;
        std::thread::spawn(move || {
            let cred = Credential::new(h);
            assert!(
                Argon2Scheme
                    .verify("密码".as_bytes(), &cred, &none)
                    .unwrap()
            );
            assert_eq!(super::super::argon2_area::spare(), None);
        })
        .join()
        .unwrap();
    }

    #[test]
    fn known_answers() {
        // argon2-cffi 25.1.0, argon2id v=19.
        let h = "$argon2id$v=19$m=64,t=1,p=1$jbdHSLAphIAaz+DiMcWJCA$OCRW8HTDwdcwRTiXZ/K0lg4yiScj9kAgV649ARKVLKI";
        assert!(verify("密码", h).unwrap());
        assert!(!verify("密码1", h).unwrap());
        // argon2-cffi, version 0x10 with a 4-byte output and an 8-byte salt.
        assert!(
            verify(
                "p:a$s{w}rd",
                "$argon2d$v=16$m=16,t=1,p=2$0BG3BAVfRsI$uyFKsg"
            )
            .unwrap()
        );
        assert!(
            !verify(
                "p:a$s{w}re",
                "$argon2d$v=16$m=16,t=1,p=2$0BG3BAVfRsI$uyFKsg"
            )
            .unwrap()
        );
    }

    #[test]
    fn missing_version_is_0x10() {
        // The v=16 argon2-cffi hash above with its version field dropped: libargon2 reads both
        // strings as the same hash.
        assert!(verify("p:a$s{w}rd", "$argon2d$m=16,t=1,p=2$0BG3BAVfRsI$uyFKsg").unwrap());
        let v16 = "$argon2i$v=16$m=32,t=2,p=1$7UJ6IDQmtWk$QfwGyRZ7P4fdY1fEIcTGEA";
        let none = "$argon2i$m=32,t=2,p=1$7UJ6IDQmtWk$QfwGyRZ7P4fdY1fEIcTGEA";
        let pw = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxlong-ish-password";
        assert!(verify(pw, v16).unwrap());
        assert!(verify(pw, none).unwrap());
        let info = Argon2Scheme
            .inspect(&Credential::new(none), &Limits::DEFAULT)
            .unwrap();
        assert!(info.contains(&("v", "16".to_owned())));
    }

    #[test]
    fn rejects_malformed() {
        let salt_hash = "$c29tZXNhbHRzb21lc2FsdA$SRpX2MBRBgtiJR1haBM8OIHR+CyDYnFt5H5bz6+iB9w";
        for params in [
            "m=1024,t=2",
            "t=2,m=1024,p=1",
            "m=1024,m=1024,t=2,p=1",
            "m=1024,t=2,p=1,p=1",
            "m=01024,t=2,p=1",
            "m=1024, t=2, p=1",
            "m=1024,t=0,p=1",
            "m=1024,t=2,p=0",
            "m=8,t=2,p=2",
            "m=1024,t=2,p=1,data=AAAA,keyid=AAAA",
            "m=1024,t=2,p=1,x=1",
            "m=-1,t=2,p=1",
        ] {
            let h = format!("$argon2id$v=19${params}{salt_hash}");
            assert_eq!(
                verify("x", &h).unwrap_err().kind(),
                ErrorKind::Malformed,
                "{h}"
            );
        }
        for h in [
            "$",
            "$argon2id$",
            "$argon2x$v=19$m=1024,t=2,p=1$c29tZXNhbHQ$SRpX2MBRBgtiJR1haBM8OA",
            "$argon2id$v=18$m=1024,t=2,p=1$c29tZXNhbHQ$SRpX2MBRBgtiJR1haBM8OA",
            "$argon2id$v=019$m=1024,t=2,p=1$c29tZXNhbHQ$SRpX2MBRBgtiJR1haBM8OA",
            "$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHQ",
            "$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHQ$SRpX2MBRBgtiJR1haBM8OA$",
            "$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHQ$SRpX2MBRBgtiJR1haBM8OA==",
            "$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHQ$SRpX2MBRBgtiJR1haBM8OA ",
            "$argon2id$v=19$m=1024,t=2,p=1$c29tZXNh$SRpX2MBRBgtiJR1haBM8OA",
            "$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHQ$SRpX",
            "$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHQ$",
        ] {
            assert_eq!(
                verify("x", h).unwrap_err().kind(),
                ErrorKind::Malformed,
                "{h}"
            );
        }
    }

    #[test]
    fn costs_are_bounded_before_work() {
        let tail = "$c29tZXNhbHRzb21lc2FsdA$SRpX2MBRBgtiJR1haBM8OIHR+CyDYnFt5H5bz6+iB9w";
        for params in [
            "m=4294967295,t=4294967295,p=255",
            "m=1024,t=4294967295,p=1",
            "m=99999999999999999999,t=2,p=1",
            "m=2097152,t=1,p=1",
            "m=1024,t=1,p=65",
        ] {
            let h = format!("$argon2id$v=19${params}{tail}");
            assert_eq!(verify("x", &h).unwrap_err().kind(), ErrorKind::Limit, "{h}");
        }
        let big_salt = format!(
            "$argon2id$v=19$m=1024,t=2,p=1${}$SRpX2MBRBgtiJR1haBM8OA",
            "QUFB".repeat(20_000)
        );
        assert_eq!(verify("x", &big_salt).unwrap_err().kind(), ErrorKind::Limit);
    }

    #[test]
    fn keyid_and_data() {
        let h = "$argon2i$v=19$m=65536,t=2,p=4,keyid=ABCD,data=EFGH$c29tZXNhbHQ$IMit9qkFULCMA/ViizL57cnTLOa5DiVM9eMwpAvPwr4";
        assert_eq!(verify("x", h).unwrap_err().kind(), ErrorKind::Unsupported);
        // Associated data changes the hash.
        let params = Argon2Params {
            variant: Algorithm::Argon2id,
            version: Version::V0x13,
            m_kib: 16,
            t: 1,
            p: 1,
        };
        let l = &Limits::DEFAULT;
        let plain = argon2_raw(ID, params, None, b"pw", b"saltsalt", 16, l).unwrap();
        let with_ad = argon2_raw(ID, params, Some(b"ad"), b"pw", b"saltsalt", 16, l).unwrap();
        assert_ne!(plain, with_ad);
        let h = format!(
            "$argon2id$v=19$m=16,t=1,p=1,data={}${}${}",
            B64::Phc.encode(b"ad"),
            B64::Phc.encode(b"saltsalt"),
            B64::Phc.encode(&with_ad)
        );
        assert!(verify("pw", &h).unwrap());
    }

    #[test]
    fn target_description() {
        let id19 = Credential::new(
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$SRpX2MBRBgtiJR1haBM8OIHR+CyDYnFt5H5bz6+iB9w",
        );
        assert_eq!(
            Argon2Scheme.as_target(&id19),
            Some(Target::Argon2id {
                m_kib: 19456,
                t: 2,
                p: 1
            })
        );
        for h in [
            "$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$SRpX2MBRBgtiJR1haBM8OIHR+CyDYnFt5H5bz6+iB9w",
            "$argon2id$v=16$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$SRpX2MBRBgtiJR1haBM8OIHR+CyDYnFt5H5bz6+iB9w",
            "$argon2id$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$SRpX2MBRBgtiJR1haBM8OIHR+CyDYnFt5H5bz6+iB9w",
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$uyFKsg",
        ] {
            assert_eq!(Argon2Scheme.as_target(&Credential::new(h)), None, "{h}");
        }
    }

    #[test]
    fn round_trips_the_policy_target() {
        let h = Target::Argon2id {
            m_kib: 64,
            t: 1,
            p: 1,
        }
        .hash(b"pw", &Limits::DEFAULT)
        .unwrap();
        assert!(verify("pw", &h).unwrap());
        assert!(!verify("pW", &h).unwrap());
    }
}
