//! scrypt as a PHC string: `$scrypt$ln=<log2 N>,r=<block size>,p=<parallelism>$<salt>$<hash>`.
//!
//! passlib's `scrypt` handler writes this form, and RustCrypto's `scrypt` PHC layer writes the
//! same string (it is also what this crate's scrypt upgrade target writes): salt and hash in
//! standard base64 without padding, a 32-byte hash. (passlib also reads Colin Percival's `$7$`
//! under the same handler name; that format is `scrypt_mcf` here.)
//!
//! Quirks, checked here:
//! - Salts may be short or empty (RFC 7914's own "NaCl" vector; RustCrypto's PHC layer refuses
//!   salts under 8 bytes, passlib does not).
//! - `N·r·p` and the memory `128·r·(N + p)` are checked against [`Limits::scrypt`] while
//!   parsing, and again by the family's one entry point ([`crate::primitives::scrypt::derive`]),
//!   which reserves the memory from the budget and allocates it fallibly (`ln=40` asks for a
//!   petabyte).
//! - The hash is 32 to 64 bytes: passlib writes 32 (its `checksum_size`), as does RustCrypto by
//!   default; RFC 7914's vectors and RustCrypto's maximum are 64. scrypt's last step is PBKDF2,
//!   so a truncated hash would still match as a prefix: anything shorter than 32 bytes is
//!   refused as malformed rather than compared.
//! - Parameters exactly in the order `ln,r,p`, canonical decimals.
//!
//! Weaknesses: none in the algorithm; low `ln` values (passlib's tests use 4) are cheap to attack.

use super::fields::{self, B64};
use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::policy::Target;
use crate::primitives::ct_eq;
use crate::primitives::number::canonical_decimal;
use crate::primitives::scrypt::{ScryptCost, derive};
use crate::scheme::{Match, Scheme};

const ID: &str = "scrypt";
const PREFIX: &str = "$scrypt$";
/// The hash length passlib and RustCrypto write, and the shortest accepted.
const DIGEST_LEN: usize = 32;
/// The longest hash accepted (RFC 7914's test vectors, RustCrypto's PHC maximum).
const MAX_DIGEST_LEN: usize = 64;

struct Fields<'a> {
    log_n: u64,
    r: u64,
    p: u64,
    salt: &'a str,
    digest: &'a str,
}

struct Parsed {
    log_n: u8,
    cost: ScryptCost,
    salt: Vec<u8>,
    digest: Vec<u8>,
}

fn malformed(field: &'static str, reason: &'static str) -> Error {
    Error::malformed(ID, field, reason)
}

fn split(hash: &str) -> Result<Fields<'_>> {
    let rest = hash
        .strip_prefix(PREFIX)
        .ok_or_else(|| malformed("prefix", "expected $scrypt$"))?;
    let mut parts = rest.split('$');
    let params = parts.next().unwrap_or_default();
    let salt = parts.next().ok_or_else(|| malformed("salt", "missing"))?;
    let digest = parts.next().ok_or_else(|| malformed("digest", "missing"))?;
    if parts.next().is_some() {
        return Err(malformed("digest", "unexpected '$' after the digest"));
    }
    let list = fields::phc_params(ID, params)?;
    let names: Vec<&str> = list.iter().map(|(n, _)| *n).collect();
    if names != ["ln", "r", "p"] {
        return Err(malformed("params", "expected ln=,r=,p= in that order"));
    }
    let value = |name: &'static str| -> Result<u64> {
        canonical_decimal(ID, name, fields::param(&list, name).unwrap_or_default())
    };
    Ok(Fields {
        log_n: value("ln")?,
        r: value("r")?,
        p: value("p")?,
        salt,
        digest,
    })
}

fn parse(hash: &str, limits: &Limits) -> Result<Parsed> {
    let f = split(hash)?;
    if f.log_n == 0 || f.log_n >= 64 {
        return Err(malformed("ln", "must be 1..=63"));
    }
    let cost = ScryptCost::scrypt(1u64 << f.log_n, f.r, f.p);
    cost.check(ID, limits)?;
    let salt = fields::salt(ID, f.salt, B64::Phc, limits)?;
    let digest = fields::digest(ID, f.digest, B64::Phc, limits)?;
    if !(DIGEST_LEN..=MAX_DIGEST_LEN).contains(&digest.len()) {
        return Err(malformed("digest", "expected 32 to 64 bytes"));
    }
    let log_n = u8::try_from(f.log_n).map_err(|_| malformed("ln", "must be 1..=63"))?;
    Ok(Parsed {
        log_n,
        cost,
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
    let (n, r, pp) = p.cost.nrp();
    Ok(crate::schemes::portable::Portable::scrypt(
        ID,
        (n, r, pp),
        p.salt,
        p.digest,
    ))
}

/// The `$scrypt$` PHC string of N = 2^`log_n`, `r`, `p`, a salt and a digest of 32 to 64 bytes.
#[cfg(feature = "toolkit")]
pub(crate) fn format(log_n: u32, r: u64, p: u64, salt: &[u8], digest: &[u8]) -> String {
    format!(
        "$scrypt$ln={log_n},r={r},p={p}${}${}",
        B64::Phc.encode(salt),
        B64::Phc.encode(digest)
    )
}

/// passlib's / RustCrypto's `$scrypt$` PHC string.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ScryptScheme;

impl Scheme for ScryptScheme {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &[PREFIX]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(hash.starts_with(PREFIX))
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = parse(cred.hash(), limits)?;
        let ours = derive(ID, password, &p.salt, p.cost, p.digest.len(), limits)?;
        Ok(ct_eq(&ours, &p.digest))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = parse(cred.hash(), limits)?;
        let (_, r, lanes) = p.cost.nrp();
        Ok(vec![
            ("ln", p.log_n.to_string()),
            ("r", r.to_string()),
            ("p", lanes.to_string()),
            ("salt_bytes", p.salt.len().to_string()),
        ])
    }

    fn as_target(&self, cred: &Credential) -> Option<Target> {
        let f = split(cred.hash()).ok()?;
        (DIGEST_LEN..=MAX_DIGEST_LEN)
            .contains(&B64::max_decoded_len(f.digest.len()))
            .then_some(())?;
        Some(Target::Scrypt {
            log_n: u8::try_from(f.log_n).ok()?,
            r: u32::try_from(f.r).ok()?,
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
        ScryptScheme.verify(pw.as_bytes(), &Credential::new(hash), &Limits::DEFAULT)
    }

    #[test]
    fn known_answers() {
        // libpass 1.9.4 (passlib), stdlib backend.
        let h = "$scrypt$ln=5,r=4,p=2$RUhpTSmFEEKoFSKEkNKa8w$M48NuokhTFLv5azbVDVTxBtb/5vf2l8y7lQowRMAqvQ";
        assert!(verify("pässwörd", h).unwrap());
        assert!(!verify("pässwörd\n", h).unwrap());
        // passlib's documented example (also RustCrypto's PHC test vector).
        let h = "$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E";
        assert!(verify("password", h).unwrap());
    }

    #[test]
    fn short_and_empty_salts() {
        // RFC 7914 section 12, second vector: P="password", S="NaCl", N=1024, r=8, p=16.
        let out = derive(
            ID,
            b"password",
            b"NaCl",
            ScryptCost::scrypt(1024, 8, 16),
            64,
            &Limits::DEFAULT,
        )
        .unwrap();
        assert_eq!(
            crate::encoding::hex::encode(&out[..16]),
            "fdbabe1c9d3472007856e7190d01e9fe"
        );
        // The first vector: empty password and salt, N=16, r=1, p=1.
        let out = derive(
            ID,
            b"",
            b"",
            ScryptCost::scrypt(16, 1, 1),
            64,
            &Limits::DEFAULT,
        )
        .unwrap();
        assert_eq!(
            crate::encoding::hex::encode(&out[..16]),
            "77d6576238657b203b19ca42c18a0497"
        );
        let h = format!("$scrypt$ln=4,r=1,p=1$${}", B64::Phc.encode(&out[..32]));
        assert!(verify("", &h).unwrap());
        let h = format!("$scrypt$ln=4,r=1,p=1$${}", B64::Phc.encode(&out));
        assert!(verify("", &h).unwrap());
        // Shorter than 32 bytes: refused, not compared as a prefix.
        let h = format!("$scrypt$ln=4,r=1,p=1$${}", B64::Phc.encode(&out[..31]));
        assert_eq!(verify("", &h).unwrap_err().kind(), ErrorKind::Malformed);
    }

    #[test]
    fn rejects_malformed() {
        let tail = "$c2FsdHNhbHQ$zwBJXaflvo6rH7z1SKUwDyxZKxWnuV2Pkl+77RzqiwI";
        for params in [
            "ln=0,r=8,p=1",
            "ln=-1,r=8,p=1",
            "ln=4,r=0,p=1",
            "ln=4,r=8,p=0",
            "ln=04,r=8,p=1",
            "r=8,ln=4,p=1",
            "ln=4,r=8",
            "ln=4,ln=4,r=8,p=1",
            "ln=64,r=1,p=1",
        ] {
            let h = format!("$scrypt${params}{tail}");
            assert_eq!(
                verify("hashcat", &h).unwrap_err().kind(),
                ErrorKind::Malformed,
                "{h}"
            );
        }
        for h in [
            "$scrypt$ln=4,r=8,p",
            "$scrypt$ln=4,r=8,p=1$c2FsdHNhbHQ$zwBJXaflvo6rH7z1SKUwDyxZKxWnuV2Pkl+77Rzqiw",
            "$scrypt$ln=4,r=8,p=1$c2FsdHNhbHQ$zwBJXaflvo6rH7z1SKUwDyxZKxWnuV2Pkl+77Rz",
            "$scrypt$ln=4,r=8,p=1$c2FsdHNhbHQ$zwBJXaflvo6rH7z1SKUwDyxZKxWnuV2Pkl+77RzqiwI ",
            "$scrypt$ln=4,r=8,p=1$c2FsdHNhbHQ$zwBJXaflvo6rH7z1SKUwDyxZKxWnuV2Pkl+77RzqiwI=",
            "$scrypt$ln=4,r=8,p=1$c2FsdHNhbHQ$zwBJX\0flvo6rH7z1SKUwDyxZKxWnuV2Pkl+77RzqiwI",
            "$scrypt$ln=4,r=8,p=1$c2FsdHNhbHQ",
        ] {
            assert_eq!(
                verify("hashcat", h).unwrap_err().kind(),
                ErrorKind::Malformed,
                "{h:?}"
            );
        }
    }

    #[test]
    fn costs_are_bounded_before_work() {
        let tail = "$c2FsdHNhbHQ$zwBJXaflvo6rH7z1SKUwDyxZKxWnuV2Pkl+77RzqiwI";
        for params in [
            "ln=40,r=8,p=1",
            "ln=21,r=8,p=1",
            "ln=10,r=4294967295,p=1",
            "ln=4,r=8,p=99999999999999999999",
        ] {
            let h = format!("$scrypt${params}{tail}");
            assert_eq!(verify("x", &h).unwrap_err().kind(), ErrorKind::Limit, "{h}");
        }
    }

    #[test]
    fn target_round_trip() {
        let target = Target::Scrypt {
            log_n: 4,
            r: 8,
            p: 1,
        };
        let h = target.hash(b"pw", &Limits::DEFAULT).unwrap();
        assert!(verify("pw", &h).unwrap());
        assert!(!verify("pw ", &h).unwrap());
        assert_eq!(ScryptScheme.as_target(&Credential::new(h)), Some(target));
    }
}
