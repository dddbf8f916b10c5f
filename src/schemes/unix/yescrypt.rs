//! yescrypt (`$y$`) and libxcrypt's GOST variant (`$gy$`).
//!
//! yescrypt (Solar Designer, 2015) is the default `/etc/shadow` hash of Debian 11+, Fedora 35+,
//! Ubuntu 22.04+, Arch and Kali, produced by libxcrypt (`mkpasswd -m yescrypt`, `passwd`,
//! `chpasswd`). `$y$` + parameters + `$` + salt + `$` + 43-character hash. The parameters are
//! yescrypt's variable-length little-endian crypt64 integers: flavor, log2 N, r, then an
//! optional bit set announcing p, t, g and a ROM. The salt is crypt64-decoded to bytes (at most
//! 64) and must be canonical.
//!
//! `gost_yescrypt` (`$gy$`, libxcrypt's `crypt-gost-yescrypt.c`, for Russian certification)
//! runs the same yescrypt and then
//! `HMAC_Streebog256(HMAC_Streebog256(Streebog256(password), setting), yescrypt_output)`,
//! where `setting` is the hash string up to the end of the salt *without* the `$` that
//! follows it (libxcrypt takes as many bytes of the `$gy$` string as the `$y$` setting with its
//! `$` has: one fewer).
//!
//! Supported: the flavors libxcrypt computes (0 classic scrypt, 1 WORM, 47 the default
//! read-write flavor `j`); g (hash upgrades) and ROMs are refused, as libxcrypt's `crypt` does.
//! N, r, p and t are bounded against [`Limits::max_memory_bytes`] and [`Limits::max_work`]
//! while parsing. The computation goes through the scrypt family's one entry point,
//! [`crate::primitives::scrypt::derive`] (our engine, laid out like libxcrypt's optimised code;
//! the `yescrypt` crate's port of the reference code is 1.6 times slower than libxcrypt),
//! which reserves the memory from the budget, allocates it fallibly and wipes it; the engine is
//! checked against the reference implementation's known answers and the `yescrypt` crate. The password is a C string (a NUL
//! ends it; `truncates` reports it).
//!
//! Weaknesses: none known beyond the cost parameters chosen; still upgraded to the policy target
//! (which a migration away from `/etc/shadow` needs anyway).

use hmac::{KeyInit, Mac, SimpleHmac};
use streebog::{Digest as _, Streebog256};
use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::encoding::crypt64;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::ct_eq;
use crate::scheme::{Match, Scheme};

use super::common::{c_str, check_le, decode_le_canonical};
use crate::primitives::scrypt::{Flavor, ScryptCost, derive};

/// Longest salt libxcrypt decodes, in bytes.
const MAX_SALT: usize = 64;

/// Read one of yescrypt's variable-length integers (`decode64_uint32` in the reference code)
/// from `s` at `*pos`, offset by `min`.
fn decode_var(s: &[u8], pos: &mut usize, min: u32) -> Option<u32> {
    let mut next = || {
        let c = crypt64::value(*s.get(*pos)?)?;
        *pos += 1;
        Some(u64::from(c))
    };
    let c = next()?;
    let (mut start, mut end, mut chars, mut bits) = (0u64, 47u64, 1u32, 0u32);
    let mut value = u64::from(min);
    while c > end {
        value += (end + 1 - start) << bits;
        start = end + 1;
        end = start + (62 - end) / 2;
        chars += 1;
        bits += 6;
    }
    value += (c - start) << bits;
    for _ in 1..chars {
        bits -= 6;
        value += next()? << bits;
    }
    u32::try_from(value).ok()
}

/// The parameters of a `$y$`/`$gy$` string, decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Cost {
    flavor: u32,
    n_log2: u32,
    r: u32,
    p: u32,
    t: u32,
}

fn decode_params(id: &'static str, text: &str) -> Result<Cost> {
    let bad = |what: &'static str| Error::malformed(id, "params", what);
    let s = text.as_bytes();
    let mut pos = 0;
    let flavor = decode_var(s, &mut pos, 0).ok_or_else(|| bad("bad flavor"))?;
    let n_log2 = decode_var(s, &mut pos, 1)
        .filter(|&n| n <= 63)
        .ok_or_else(|| bad("bad N"))?;
    let r = decode_var(s, &mut pos, 1).ok_or_else(|| bad("bad r"))?;
    let (mut p, mut t) = (1, 0);
    if pos < s.len() {
        let have = decode_var(s, &mut pos, 1).ok_or_else(|| bad("bad parameter set"))?;
        if have & !0b1111 != 0 {
            return Err(bad("unknown parameters announced"));
        }
        if have & 1 != 0 {
            p = decode_var(s, &mut pos, 2).ok_or_else(|| bad("bad p"))?;
        }
        if have & 2 != 0 {
            t = decode_var(s, &mut pos, 1).ok_or_else(|| bad("bad t"))?;
        }
        if have & 4 != 0 {
            return Err(Error::malformed(
                id,
                "g",
                "upgraded hashes (g) are not supported by crypt",
            ));
        }
        if have & 8 != 0 {
            return Err(Error::malformed(id, "NROM", "ROM hashes need the ROM"));
        }
    }
    if pos != s.len() {
        return Err(bad("trailing characters"));
    }
    Ok(Cost {
        flavor,
        n_log2,
        r,
        p,
        t,
    })
}

/// A parsed `$y$`/`$gy$` string.
struct Parsed<'a> {
    cost: Cost,
    params: ScryptCost,
    salt: Vec<u8>,
    salt_text: &'a str,
    /// Length of the hash string up to the end of the salt (without the `$` after it).
    setting_len: usize,
    digest: &'a str,
}

fn parse<'a>(id: &'static str, magic: &str, hash: &'a str, limits: &Limits) -> Result<Parsed<'a>> {
    let rest = hash
        .strip_prefix(magic)
        .ok_or_else(|| Error::malformed(id, "prefix", format!("expected {magic}")))?;
    let (params_text, tail) = rest
        .split_once('$')
        .ok_or_else(|| Error::malformed(id, "params", "missing '$' after the parameters"))?;
    let (salt_text, digest) = tail
        .rsplit_once('$')
        .ok_or_else(|| Error::malformed(id, "digest", "missing '$' after the salt"))?;
    let cost = decode_params(id, params_text)?;
    let salt = decode_le_canonical(salt_text)
        .filter(|s| s.len() <= MAX_SALT)
        .ok_or_else(|| {
            Error::malformed(
                id,
                "salt",
                "at most 64 bytes of canonical ./0-9A-Za-z encoding",
            )
        })?;
    check_le(id, "digest", digest, 43)?;
    let flavor = match cost.flavor {
        0 => Flavor::Classic,
        1 => Flavor::Worm,
        47 => Flavor::Rw,
        _ => {
            return Err(Error::malformed(
                id,
                "flavor",
                "not a flavor libxcrypt computes",
            ));
        }
    };
    let params = ScryptCost::yescrypt(
        flavor,
        1u64 << cost.n_log2,
        u64::from(cost.r),
        u64::from(cost.p),
        u64::from(cost.t),
    );
    params.check(id, limits)?;
    Ok(Parsed {
        cost,
        params,
        salt,
        salt_text,
        setting_len: hash.len() - digest.len() - 1,
        digest,
    })
}

fn inspect_parsed(p: &Parsed<'_>) -> Vec<(&'static str, String)> {
    vec![
        ("flavor", p.cost.flavor.to_string()),
        ("ln", p.cost.n_log2.to_string()),
        ("r", p.cost.r.to_string()),
        ("p", p.cost.p.to_string()),
        ("t", p.cost.t.to_string()),
        ("salt", p.salt_text.to_owned()),
    ]
}

/// The raw 32-byte yescrypt output.
fn compute(
    id: &'static str,
    password: &[u8],
    p: &Parsed<'_>,
    limits: &Limits,
) -> Result<Zeroizing<Vec<u8>>> {
    derive(id, password, &p.salt, p.params, 32, limits)
}

/// HMAC-Streebog-256.
fn hmac_streebog(key: &[u8], message: &[u8]) -> Zeroizing<[u8; 32]> {
    let mut out = Zeroizing::new([0u8; 32]);
    // HMAC takes keys of any length: this cannot fail.
    if let Ok(mut mac) = <SimpleHmac<Streebog256> as KeyInit>::new_from_slice(key) {
        mac.update(message);
        out.copy_from_slice(&mac.finalize().into_bytes());
    }
    out
}

/// yescrypt (`$y$`).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Yescrypt;

impl Scheme for Yescrypt {
    fn id(&self) -> &str {
        "yescrypt"
    }

    fn prefixes(&self) -> &[&'static str] {
        &["$y$"]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(hash.starts_with("$y$"))
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = parse("yescrypt", "$y$", cred.hash(), limits)?;
        let raw = compute("yescrypt", c_str(password), &p, limits)?;
        let ours = Zeroizing::new(crypt64::encode_le(raw.as_ref()));
        Ok(ct_eq(ours.as_bytes(), p.digest.as_bytes()))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        Ok(inspect_parsed(&parse(
            "yescrypt",
            "$y$",
            cred.hash(),
            limits,
        )?))
    }

    fn truncates(&self, password: &[u8]) -> bool {
        password.contains(&0)
    }
}

/// libxcrypt's GOST R 34.11-2012 yescrypt (`$gy$`).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct GostYescrypt;

impl Scheme for GostYescrypt {
    fn id(&self) -> &str {
        "gost_yescrypt"
    }

    fn prefixes(&self) -> &[&'static str] {
        &["$gy$"]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(hash.starts_with("$gy$"))
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let hash = cred.hash();
        let p = parse("gost_yescrypt", "$gy$", hash, limits)?;
        let pw = c_str(password);
        let y = compute("gost_yescrypt", pw, &p, limits)?;
        let hk = Zeroizing::new(<[u8; 32]>::from(Streebog256::digest(pw)));
        let setting = &hash.as_bytes()[..p.setting_len];
        let inner = hmac_streebog(hk.as_ref(), setting);
        let outer = hmac_streebog(inner.as_ref(), y.as_ref());
        let ours = Zeroizing::new(crypt64::encode_le(outer.as_ref()));
        Ok(ct_eq(ours.as_bytes(), p.digest.as_bytes()))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        Ok(inspect_parsed(&parse(
            "gost_yescrypt",
            "$gy$",
            cred.hash(),
            limits,
        )?))
    }

    fn truncates(&self, password: &[u8]) -> bool {
        password.contains(&0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn check(s: &dyn Scheme, pw: &[u8], hash: &str) -> bool {
        s.verify(pw, &Credential::new(hash), &Limits::DEFAULT)
            .unwrap()
    }

    #[test]
    fn params() {
        // "j9T": the default flavor, N = 2^12, r = 32.
        assert_eq!(
            decode_params("t", "j9T").unwrap(),
            Cost {
                flavor: 47,
                n_log2: 12,
                r: 32,
                p: 1,
                t: 0
            }
        );
        let mut pos = 0;
        // Two characters: a first character of 48..=55 carries the high bits, the second
        // the low six.
        assert_eq!(decode_var(b"k/", &mut pos, 0), Some(49));
        pos = 0;
        assert_eq!(decode_var(b"n.", &mut pos, 1), Some(1 + 48 + (3 << 6)));
        assert!(decode_params("t", "j9T!").is_err());
        assert!(decode_params("t", "j9").is_err());
    }

    #[test]
    fn yescrypt_known_answers() {
        // libxcrypt's table.
        assert!(check(
            &Yescrypt,
            b"",
            "$y$j75$.......$/FQush7wojITE6a6KwAF4pUyKZAyYRCYJdWcgqjTeS7"
        ));
        assert!(check(
            &Yescrypt,
            b"",
            "$y$j75$LdJMENpBABJJ3hIHjB1Bi.$tUlUF19mIl6XpRTpX7LBp5ABKS8KSmDfP1gXFrZ6Sy8"
        ));
        assert!(!check(
            &Yescrypt,
            b" ",
            "$y$j75$LdJMENpBABJJ3hIHjB1Bi.$tUlUF19mIl6XpRTpX7LBp5ABKS8KSmDfP1gXFrZ6Sy8"
        ));
    }

    /// The yescrypt reference implementation's `TESTS-OK` strings for "pleaseletmein" (read-write
    /// and WORM, p up to 11, N from 2^16 down to 2^2, salts of 16 down to 1 characters).
    #[test]
    fn reference_strings() {
        for h in [
            "$y$jD5.7$LdJMENpBABJJ3hIHjB1Bi.$HboGM6qPrsK.StKYGt6KErmUYtioHreJd98oIugoNB6",
            "$y$jC4$LdJMENpBABJJ3hIHjB1B$jVg4HoqqpbmQv/NCpin.QCMagJ8o4QX7lXdzvVV0xFC",
            "$y$/B3.6$LdJMENpBABJJ3hIHjB1$h8sE4hJo.BsdlfJr0.d8bNJNPZymH7Y3kLj4aY1Rfc8",
            "$y$/A2$LdJMENpBABJJ3hIHj/$5IEld1eWdmh5lylrqHLF5dvA3ISpimEM9J1Dd05n/.3",
            "$y$j91.5$LdJMENpBABJJ3hIH$ebKnn23URD5vyLgF9cP2EvVosrUXf7UErGRV0KmC6e6",
            "$y$j80$LdJMENpBABJJ3h2$ysXVVJwuaVlI1BWoEKt/Bz3WNDDmdOWz/8KTQaHL1cC",
            "$y$/7/.4$LdJMENpBABJJ3/$lXHleh7bIZMGNtJVxGVrsIWkEIXfBedlfPui/PITflC",
            "$y$/6.$LdJMENpBABJJ$zQITmYSih5.CTY47x0IuE4wl.b3HzYGKKCSggakaQ22",
            "$y$j5..3$LdJMENpBAB3$xi27PTUNd8NsChHeLOz85JFnUOyibRHkWzprowRlR5/",
            "$y$j4/$LdJMENpBA/$tHlkpTQ8V/eEnTVau1uW36T97LIXlfPrEzdeV5SE5K7",
            "$y$/3..2$LdJMENpB$tNczXFuNUd3HMqypStCRsEaL4e4KF7ZYLBe8Hbeg0B7",
            "$y$/2/$LdJMEN3$RRorHhfsw1/P/WR6Aurg4U72e9Q7qt9vFPURdyfiqK8",
            "$y$j2..1$LdJME/$iLEt6kuTwHch6XdCxtTHfsQzYwWFmpUwgl6Ax8RH4d1",
            "$y$j0/$LdJM$k7BXzSDuoGHW56SY3HxROCiA0gWRscZe2aA0q5oHPM0",
            "$y$//..0$Ld3$6BJXezMFxaMiO5wsuoEmztvtCs/79085dZO56ADlV5B",
            "$y$///$L/$Rrrkp6OVljrIk0kcwkCDhAiHJiSthh3cKeIGHUW7Z0C",
            "$y$j1../$LdJMENpBABJJ3hIHjB1Bi.$L8OQFc8mxJPd7CpUFgkS7KqJM2I9jGXu3BdqX2D.647",
            "$y$j//$LdJMENpBABJJ3hIHjB1B$U8a2MaK.yesqWySK8Owk6PWeWmp/XuagMbpP45q1/q1",
        ] {
            assert!(check(&Yescrypt, b"pleaseletmein", h), "{h}");
            assert!(!check(&Yescrypt, b"pleaseletmeIn", h), "{h}");
        }
    }

    #[test]
    fn gost_known_answers() {
        // libxcrypt's table.
        assert!(check(
            &GostYescrypt,
            b"",
            "$gy$j75$.......$C5BUyYB5xps0ocKn7vbPXrA/CKww4ZbrgU3O.X0kiy8"
        ));
        assert!(check(
            &GostYescrypt,
            b"",
            "$gy$j75$LdJMENpBABJJ3hIHjB1Bi.$VIvMlb2yKp1wnlflMAxutM8UsAjZPD6dcXHT0nL2UP6"
        ));
        assert!(!check(
            &GostYescrypt,
            b"x",
            "$gy$j75$LdJMENpBABJJ3hIHjB1Bi.$VIvMlb2yKp1wnlflMAxutM8UsAjZPD6dcXHT0nL2UP6"
        ));
    }

    #[test]
    fn rejects_malformed() {
        let d = "tUlUF19mIl6XpRTpX7LBp5ABKS8KSmDfP1gXFrZ6Sy8";
        for (h, kind) in [
            (
                format!("$y$j75$LdJMENpBABJJ3hIHjB1Bi.${}", &d[..42]),
                ErrorKind::Malformed,
            ),
            (
                format!("$y$j75$LdJMENpBABJJ3hIHjB1Biz${d}"),
                ErrorKind::Malformed,
            ),
            (
                format!("$y$j7$LdJMENpBABJJ3hIHjB1Bi.${d}"),
                ErrorKind::Malformed,
            ),
            (
                format!("$y$275$LdJMENpBABJJ3hIHjB1Bi.${d}"),
                ErrorKind::Malformed,
            ),
            (
                format!("$y$j75.$LdJMENpBABJJ3hIHjB1Bi.${d}"),
                ErrorKind::Malformed,
            ),
            (
                format!("$y$j75/$LdJMENpBABJJ3hIHjB1Bi.${d}"),
                ErrorKind::Malformed,
            ),
            (
                "$y$j75$LdJMENpBABJJ3hIHjB1Bi.".to_owned(),
                ErrorKind::Malformed,
            ),
            // A multi-character N swallowing r; N = 2^33; N = 2^19 with r = 32 (2 GiB).
            (
                format!("$y$jzT$LdJMENpBABJJ3hIHjB1Bi.${d}"),
                ErrorKind::Malformed,
            ),
            (
                format!("$y$jUT$LdJMENpBABJJ3hIHjB1Bi.${d}"),
                ErrorKind::Limit,
            ),
            (
                format!("$y$jGT$LdJMENpBABJJ3hIHjB1Bi.${d}"),
                ErrorKind::Limit,
            ),
        ] {
            let e = Yescrypt
                .verify(b"x", &Credential::new(h.clone()), &Limits::DEFAULT)
                .unwrap_err();
            assert_eq!(e.kind(), kind, "{h}");
        }
    }
}
