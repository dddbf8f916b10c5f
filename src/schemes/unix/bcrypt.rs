//! bcrypt (`$2$`, `$2a$`, `$2b$`, `$2x$`, `$2y$`): Provos and Mazières' Eksblowfish, OpenBSD
//! 2.1 (1997); the default of OpenBSD, PHP `password_hash`, Apache `htpasswd -B`, Spring,
//! Django's `BCryptPasswordHasher`, most web frameworks, and libxcrypt.
//!
//! `$2b$05$` + 22 characters of salt (16 bytes) + 31 of digest (23 bytes), in bcrypt's own
//! base64 alphabet `./A-Za-z0-9`. Parsing is strict: the cost is two decimal digits 04..31
//! (over [`Limits::max_bcrypt_cost`] is a `limit` error), salt and digest are canonically
//! encoded (producers always re-encode them so), and the length is exact.
//!
//! The password is a C string: a NUL ends it, the NUL terminator is part of the key (except in
//! `$2$`), and only 72 key bytes are used, so a password of more than 72 bytes, or with a NUL,
//! verifies against others sharing its prefix; `truncates` reports both.
//!
//! The versions:
//! * `$2$`: the original OpenBSD 2.1 scheme, without the NUL terminator in the key.
//! * `$2a$`: the terminator included. OpenBSD's own `$2a$` code (until 2014) counted the
//!   password length in a byte, so passwords of 255 bytes and more wrapped around; `$2b$` is
//!   OpenBSD's fix. That OpenBSD bug is not emulated: such hashes (of >254-byte passwords) do
//!   not verify. crypt_blowfish's `$2a$` (PHP, libxcrypt, most Linux software) never had it,
//!   but applies a countermeasure against the `$2x$` collisions below: for passwords where the
//!   buggy and correct key schedules agree yet a sign extension occurred (some passwords with
//!   `\xff`), bit 16 of the first initial key word is flipped. Emulated here.
//! * `$2x$`: crypt_blowfish before 1.1 (2011) sign-extended bytes ≥ 0x80 when building key
//!   words; `$2x$` marks hashes known to come from that bug and reproduces it.
//! * `$2y$`: crypt_blowfish's name for the correct algorithm; identical to `$2b$`.
//!
//! The key schedule (terminator, truncation, sign extension, countermeasure) is done here,
//! because the `bcrypt` crate reads `$2x$` as `$2a$` and accepts malformed costs; the
//! Eksblowfish engine is our own (`primitives/eksblowfish.rs`), laid out as crypt_blowfish's,
//! which is faster than the `blowfish` crate's on the same instructions.
//!
//! `as_target` describes `$2a$`, `$2b$` and `$2y$` hashes as [`Target::Bcrypt`], so a policy can
//! accept them as they are; `$2$` and `$2x$` are always upgraded.

use zeroize::{Zeroize as _, Zeroizing};

use crate::credential::Credential;
use crate::encoding::b64;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::policy::Target;
use crate::primitives::ct_eq;
use crate::scheme::{Match, Scheme};

use super::common::{c_str, readings};
use crate::primitives::eksblowfish;

const ID: &str = "bcrypt";

/// Key bytes Eksblowfish uses: 18 words of 32 bits.
pub(crate) const KEY_BYTES: usize = 72;

/// The bcrypt versions, by their marker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Variant {
    /// `$2$`: no NUL terminator in the key.
    Two,
    /// `$2a$`: crypt_blowfish's countermeasure against `$2x$` collisions.
    A,
    /// `$2b$`: the correct algorithm (OpenBSD's name).
    B,
    /// `$2x$`: crypt_blowfish's historic sign-extension bug.
    X,
    /// `$2y$`: the correct algorithm (crypt_blowfish's name).
    Y,
}

impl Variant {
    const ALL: [(&'static str, Variant); 5] = [
        ("$2$", Variant::Two),
        ("$2a$", Variant::A),
        ("$2b$", Variant::B),
        ("$2x$", Variant::X),
        ("$2y$", Variant::Y),
    ];

    /// The variant whose marker `hash` starts with, and the rest of the string.
    pub(crate) fn split(hash: &str) -> Option<(Variant, &str)> {
        Self::ALL
            .iter()
            .find_map(|&(m, v)| hash.strip_prefix(m).map(|rest| (v, rest)))
    }

    /// The marker, e.g. `$2b$`.
    pub(crate) fn marker(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, v)| *v == self)
            .map_or("$2b$", |(m, _)| m)
    }
}

/// The initial and the loop key words crypt_blowfish's `BF_set_key` derives from `key` (a C
/// string: the caller has cut it at its first NUL).
fn key_schedule(key: &[u8], variant: Variant) -> (Zeroizing<[u32; 18]>, Zeroizing<[u32; 18]>) {
    // The bytes the key words cycle over: the password and its terminator, or for `$2$` the
    // password alone (an empty one reads its terminator, as OpenBSD's code did).
    let with_nul = variant != Variant::Two || key.is_empty();
    let cycle = key.len() + usize::from(with_nul);
    let byte = |i: usize| key.get(i % cycle).copied().unwrap_or(0);
    let bug = variant == Variant::X;
    let safety: u32 = if variant == Variant::A { 0x10000 } else { 0 };

    let mut initial = Zeroizing::new([0u32; 18]);
    let mut expanded = Zeroizing::new([0u32; 18]);
    let (mut sign, mut diff) = (0u32, 0u32);
    for i in 0..18 {
        let (mut correct, mut buggy) = (0u32, 0u32);
        for j in 0..4 {
            let c = byte(4 * i + j);
            correct = (correct << 8) | u32::from(c);
            // The bug: a char ≥ 0x80 sign-extended to 32 bits before the OR.
            buggy = (buggy << 8) | (i32::from(c as i8) as u32);
            if j > 0 {
                sign |= buggy & 0x80;
            }
        }
        diff |= correct ^ buggy;
        let word = if bug { buggy } else { correct };
        expanded[i] = word;
        initial[i] = word;
        correct.zeroize();
        buggy.zeroize();
    }
    // `diff` is zero iff both schedules agree; a sign extension with no difference is a
    // collision with a `$2x$` password, which `$2a$` avoids by flipping bit 16 of the first
    // initial word (and only there, not in the loop key).
    diff |= diff >> 16;
    diff &= 0xffff;
    diff += 0xffff;
    sign <<= 9;
    sign &= !diff & safety;
    initial[0] ^= sign;
    (initial, expanded)
}

/// The raw 23-byte bcrypt digest of `key` (a C string, cut by the caller at its first NUL; only
/// the first 72 bytes matter) for a 16-byte `salt` and `cost` (4..=31, checked by the caller).
pub(crate) fn bcrypt_raw(
    key: &[u8],
    salt: &[u8; 16],
    cost: u32,
    variant: Variant,
) -> Zeroizing<[u8; 23]> {
    let (initial, expanded) = key_schedule(&key[..key.len().min(KEY_BYTES)], variant);
    let salt: [u32; 4] = std::array::from_fn(|i| {
        u32::from_be_bytes([
            salt[4 * i],
            salt[4 * i + 1],
            salt[4 * i + 2],
            salt[4 * i + 3],
        ])
    });
    let state = eksblowfish::setup(&initial, &expanded, &salt, cost);
    let mut text = Zeroizing::new(eksblowfish::orphean(&state));
    let mut full = Zeroizing::new([0u8; 24]);
    for (out, word) in full.chunks_exact_mut(4).zip(text.iter()) {
        out.copy_from_slice(&word.to_be_bytes());
    }
    text.zeroize();
    let mut out = Zeroizing::new([0u8; 23]);
    out.copy_from_slice(&full[..23]);
    out
}
/// A `$2b$` string of `password` at `cost` with `salt`: what the bcrypt upgrade target writes.
/// The caller has refused passwords this would truncate (over 72 bytes, or with a NUL).
pub(crate) fn hash_2b(password: &[u8], salt: &[u8; 16], cost: u32) -> String {
    let raw = bcrypt_raw(password, salt, cost, Variant::B);
    format!(
        "$2b${cost:02}${}{}",
        encode_bcrypt64(salt),
        encode_bcrypt64(raw.as_ref())
    )
}

/// Decode `s` as exactly `N` bytes of canonical bcrypt base64.
pub(crate) fn decode_bcrypt64<const N: usize>(s: &str) -> Option<[u8; N]> {
    const ALPHABET: &str = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    if s.len() != (N * 4).div_ceil(3) || !s.bytes().all(|c| ALPHABET.as_bytes().contains(&c)) {
        return None;
    }
    b64::decode(&b64::BCRYPT, s)?.try_into().ok()
}

/// Encode bytes in bcrypt's base64.
pub(crate) fn encode_bcrypt64(bytes: &[u8]) -> String {
    b64::encode(&b64::BCRYPT, bytes)
}

/// A cost field: exactly two decimal digits, 04..=31.
pub(crate) fn cost_field(scheme: &'static str, s: &str) -> Result<u32> {
    if let [t @ b'0'..=b'9', u @ b'0'..=b'9'] = s.as_bytes() {
        let cost = u32::from(t - b'0') * 10 + u32::from(u - b'0');
        if (4..=31).contains(&cost) {
            return Ok(cost);
        }
    }
    Err(Error::malformed(
        scheme,
        "cost",
        "expected two decimal digits from 04 to 31",
    ))
}

/// A parsed bcrypt string.
pub(crate) struct Parsed<'a> {
    pub(crate) variant: Variant,
    pub(crate) cost: u32,
    pub(crate) salt: [u8; 16],
    pub(crate) salt_text: &'a str,
    pub(crate) digest: &'a str,
}

fn parse(hash: &str) -> Result<Parsed<'_>> {
    parse_as(ID, hash)
}

/// A bcrypt string taken apart, errors naming `scheme`: for formats stored as bcrypt strings
/// over another input (WoltLab's bcrypt of a bcrypt string).
///
/// # Errors
/// [`crate::ErrorKind::Malformed`] for anything but a canonical bcrypt string.
pub(crate) fn parse_as<'a>(scheme: &'static str, hash: &'a str) -> Result<Parsed<'a>> {
    let (variant, rest) = Variant::split(hash).ok_or_else(|| {
        Error::malformed(scheme, "prefix", "expected $2a$, $2b$, $2y$, $2x$ or $2$")
    })?;
    let (cost, body) = rest
        .split_once('$')
        .ok_or_else(|| Error::malformed(scheme, "cost", "missing '$' after the cost"))?;
    let cost = cost_field(scheme, cost)?;
    if body.len() != 53 || !body.is_char_boundary(22) {
        return Err(Error::malformed(
            scheme,
            "length",
            "expected 22 characters of salt and 31 of digest",
        ));
    }
    let (salt_text, digest) = body.split_at(22);
    let salt = decode_bcrypt64::<16>(salt_text).ok_or_else(|| {
        Error::malformed(
            scheme,
            "salt",
            "22 characters of ./A-Za-z0-9, canonically encoded",
        )
    })?;
    if decode_bcrypt64::<23>(digest).is_none() {
        return Err(Error::malformed(
            scheme,
            "digest",
            "31 characters of ./A-Za-z0-9, canonically encoded",
        ));
    }
    Ok(Parsed {
        variant,
        cost,
        salt,
        salt_text,
        digest,
    })
}

/// The credential as a portable step: the 23-byte raw digest, the 16-byte salt.
pub(crate) fn portable(
    cred: &Credential,
    limits: &Limits,
) -> Result<crate::schemes::portable::Portable> {
    use crate::schemes::portable::{Around, PasswordEncoding, Portable, Step};
    let p = parse(cred.hash())?;
    limits.bcrypt(ID, p.cost, 1)?;
    let digest = decode_bcrypt64::<23>(p.digest)
        .ok_or_else(|| Error::malformed(ID, "digest", "not canonical bcrypt base64"))?;
    Ok(Portable {
        step: Step::Bcrypt {
            variant: p.variant,
            cost: p.cost,
            salt: p.salt,
            around: Around::NONE,
            encoding: PasswordEncoding::Utf8,
        },
        digest: digest.to_vec(),
        scheme: ID,
    })
}

/// The bcrypt string of a variant, cost, salt and raw digest.
#[cfg(feature = "toolkit")]
pub(crate) fn format(variant: Variant, cost: u32, salt: &[u8; 16], digest: &[u8]) -> String {
    format!(
        "{}{cost:02}${}{}",
        variant.marker(),
        encode_bcrypt64(salt),
        encode_bcrypt64(digest)
    )
}

/// bcrypt in all its versions.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Bcrypt;

impl Scheme for Bcrypt {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &["$2$", "$2a$", "$2b$", "$2x$", "$2y$"]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(Variant::split(hash).is_some())
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = parse(cred.hash())?;
        limits.bcrypt(ID, p.cost, readings(password))?;
        // C producers (crypt_blowfish, libxcrypt, PHP) stop at a NUL; pyca/bcrypt (and Django
        // through it) keys on every byte. A password with a NUL is tried both ways.
        let matches = |key: &[u8]| {
            let raw = bcrypt_raw(key, &p.salt, p.cost, p.variant);
            let ours = Zeroizing::new(encode_bcrypt64(raw.as_ref()));
            ct_eq(ours.as_bytes(), p.digest.as_bytes())
        };
        let c_key = c_str(password);
        let ok = matches(c_key) || (c_key.len() != password.len() && matches(password));
        Ok(ok)
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = parse(cred.hash())?;
        limits.bcrypt(ID, p.cost, 1)?;
        Ok(vec![
            ("version", p.variant.marker().trim_matches('$').to_owned()),
            ("cost", p.cost.to_string()),
            ("salt", p.salt_text.to_owned()),
        ])
    }

    fn as_target(&self, cred: &Credential) -> Option<Target> {
        let p = parse(cred.hash()).ok()?;
        matches!(p.variant, Variant::A | Variant::B | Variant::Y)
            .then_some(Target::Bcrypt { cost: p.cost })
    }

    fn truncates(&self, password: &[u8]) -> bool {
        password.len() > KEY_BYTES || password.contains(&0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn check(pw: &[u8], hash: &str) -> bool {
        Bcrypt
            .verify(pw, &Credential::new(hash), &Limits::DEFAULT)
            .unwrap()
    }

    #[test]
    fn known_answers() {
        // crypt_blowfish's test vectors (wrapper.c).
        assert!(check(
            b"U*U",
            "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"
        ));
        assert!(check(
            b"",
            "$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy"
        ));
        assert!(check(
            b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789chars after 72 are ignored",
            "$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui"
        ));
        assert!(!check(
            b"U*V",
            "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"
        ));
        // libxcrypt's table: $2b$ and $2y$ agree.
        assert!(check(
            b"Hello world!",
            "$2b$04$abcdefghijklmnopqrstuuyeG8laUfZvsCmc.AE6qIDYSPGM2efmK"
        ));
        assert!(check(
            b"Hello world!",
            "$2y$04$abcdefghijklmnopqrstuuyeG8laUfZvsCmc.AE6qIDYSPGM2efmK"
        ));
    }

    #[test]
    fn original_version_has_no_terminator() {
        // passlib's vectors: `$2$` cycles over the password without its NUL.
        let salt = "$2$05$......................";
        assert!(check(
            b"",
            &format!("{salt}J2ihDv8vVf7QZ9BsaRrKyqs2tkn55Yq")
        ));
        assert!(check(
            b"abc",
            &format!("{salt}XuQjdH.wPVNUZ/bOfstdW/FqB8QSjte")
        ));
        assert!(check(
            &b"abc".repeat(23),
            &format!("{salt}XuQjdH.wPVNUZ/bOfstdW/FqB8QSjte")
        ));
        let salt_a = "$2a$05$......................";
        assert!(check(
            b"abc",
            &format!("{salt_a}ev6gDwpVye3oMCUpLY85aTpfBNHD0Ga")
        ));
        assert!(check(
            &b"abc".repeat(23),
            &format!("{salt_a}2kIdfSj/4/R/Q6n847VTvc68BXiRYZC")
        ));
        assert!(check(
            &b"abc".repeat(24),
            &format!("{salt_a}XuQjdH.wPVNUZ/bOfstdW/FqB8QSjte")
        ));
        assert_eq!(
            Bcrypt.as_target(&Credential::new(format!(
                "{salt}J2ihDv8vVf7QZ9BsaRrKyqs2tkn55Yq"
            ))),
            None
        );
    }

    #[test]
    fn eight_bit_variants() {
        // crypt_blowfish's vectors for the sign-extension bug and its countermeasure.
        let h = "$2x$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e";
        assert!(check(b"\xa3", h));
        assert!(check(b"\xff\xff\xa3", h));
        // The correct algorithm gives the buggy result for \xff\xff\xa3 ...
        assert!(check(
            b"\xff\xff\xa3",
            "$2y$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e"
        ));
        assert!(check(
            b"\xff\xff\xa3",
            "$2b$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e"
        ));
        // ... which $2a$ avoids.
        assert!(check(
            b"\xff\xff\xa3",
            "$2a$05$/OK.fbVrR/bpIqNJ5ianF.nqd1wy.pTMdcvrRWxyiGL2eMz.2a85."
        ));
        assert!(check(
            b"\xa3",
            "$2y$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq"
        ));
        assert!(check(
            b"\xa3",
            "$2a$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq"
        ));
        assert!(check(
            b"1\xa3345",
            "$2x$05$/OK.fbVrR/bpIqNJ5ianF.o./n25XVfn6oAPaUvHe.Csk4zRfsYPi"
        ));
        assert!(check(
            b"\xff\xa3345",
            "$2x$05$/OK.fbVrR/bpIqNJ5ianF.o./n25XVfn6oAPaUvHe.Csk4zRfsYPi"
        ));
        assert!(check(
            b"\xff\xa334\xff\xff\xff\xa3345",
            "$2a$05$/OK.fbVrR/bpIqNJ5ianF.ZC1JEJ8Z4gPfpe1JOr/oyPXTWl9EFd."
        ));
        assert!(check(
            b"\xd1\x91",
            "$2x$05$6bNw2HLQYeqHYyBfLMsv/OiwqTymGIGzFsA4hOTWebfehXHNprcAS"
        ));
        assert!(check(
            b"\xd0\xc1\xd2\xcf\xcc\xd8",
            "$2x$05$6bNw2HLQYeqHYyBfLMsv/O9LIGgn8OMzuDoHfof8AQimSGfcSWxnS"
        ));
        assert!(!check(
            b"\xd1\x91",
            "$2y$05$6bNw2HLQYeqHYyBfLMsv/OiwqTymGIGzFsA4hOTWebfehXHNprcAS"
        ));
    }

    #[test]
    fn key_schedule_self_test() {
        // crypt_blowfish's own self-test of the countermeasure.
        let k = b"\xff\xa334\xff\xff\xff\xa3345";
        let (ai, ae) = key_schedule(k, Variant::A);
        let (yi, ye) = key_schedule(k, Variant::Y);
        // Its expected value includes Blowfish's first P word, 0x243f6a88.
        assert_eq!(ai[0] ^ 0x10000 ^ 0x243f_6a88, 0xdb9c_59bc);
        assert_eq!(ye[17], 0x3334_3500);
        assert_eq!(ae.as_ref(), ye.as_ref());
        assert_eq!(&ai[1..], &yi[1..]);
    }

    #[test]
    fn c_string_and_truncation() {
        let h = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";
        assert!(check(b"U*U\0ignored", h));
        assert!(Bcrypt.truncates(b"U*U\0ignored"));
        assert!(Bcrypt.truncates(&[b'a'; 73]));
        assert!(!Bcrypt.truncates(&[b'a'; 72]));
    }

    #[test]
    fn targets() {
        let t = |h: &str| Bcrypt.as_target(&Credential::new(h));
        assert_eq!(
            t("$2b$04$abcdefghijklmnopqrstuuyeG8laUfZvsCmc.AE6qIDYSPGM2efmK"),
            Some(Target::Bcrypt { cost: 4 })
        );
        assert_eq!(
            t("$2x$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e"),
            None
        );
    }

    #[test]
    fn rejects_malformed() {
        let good = "$2a$05$MBCzKhG1KhezLh.0LRa0Kuw12nLJtpHy6DIaU.JAnqJUDYspHC.Ou";
        for (h, kind) in [
            (good[..42].to_owned(), ErrorKind::Malformed),
            (good[..59].to_owned(), ErrorKind::Malformed),
            (format!("{good}\n"), ErrorKind::Malformed),
            (good.replace("$05$", "$5a$"), ErrorKind::Malformed),
            (good.replace("$05$", "$+5$"), ErrorKind::Malformed),
            (good.replace("$05$", "$5$"), ErrorKind::Malformed),
            (good.replace("$05$", "$03$"), ErrorKind::Malformed),
            (good.replace("$05$", "$32$"), ErrorKind::Malformed),
            (good.replace("$05$", "$31$"), ErrorKind::Limit),
            // Salt with non-zero padding bits in its last character.
            (
                good.replace("Lh.0LRa0Ku", "Lh.0LRa0Kv"),
                ErrorKind::Malformed,
            ),
            // Digest with non-zero padding bits.
            (good.replace("HC.Ou", "HC.Ov"), ErrorKind::Malformed),
            (good.replace('M', "!"), ErrorKind::Malformed),
            (
                "$2c$05$MBCzKhG1KhezLh.0LRa0Kuw12nLJtpHy6DIaU.JAnqJUDYspHC.Ou".to_owned(),
                ErrorKind::Malformed,
            ),
        ] {
            let e = Bcrypt
                .verify(b"x", &Credential::new(h.clone()), &Limits::DEFAULT)
                .unwrap_err();
            assert_eq!(e.kind(), kind, "{h}");
        }
    }
}
