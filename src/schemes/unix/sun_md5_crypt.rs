//! Sun MD5 crypt (`$md5$` / `$md5,rounds=N$`), Solaris 9u2 and later (`crypt_sunmd5`), also
//! in libxcrypt and passlib.
//!
//! The digest is MD5 of the password and the whole setting string, then 4096 + N rounds of MD5
//! in which a bit-twiddling "coin toss" over the previous digest decides whether a fixed passage
//! of *Hamlet* (with its trailing NUL) is mixed in. The result is encoded like md5-crypt.
//!
//! Quirks, all from the original implementation and kept by libxcrypt:
//! * The salt fed to MD5 is the setting as written, prefix and `rounds=` included. When the
//!   salt is followed by `$$` (the usual form), the first `$` is part of it; a hash written with
//!   a single `$` (passlib's "bare salt") hashes the salt without it. Both forms occur.
//! * `rounds=` may follow `$md5,` or `$md5$`; an explicit `rounds=0` or a leading zero is
//!   refused. The count is additional to the fixed 4096 and is checked (as 4096 + N) against
//!   [`Limits::max_crypt_rounds`] before any work.
//! * The password is a C string to Solaris and libxcrypt (a NUL ends it; `truncates` reports
//!   it), but passlib hashes every byte, NUL included: a password with a NUL is tried both ways.
//!
//! Weaknesses: MD5, and libxcrypt's default of about 100,000 rounds is cheap on GPUs.

use md5::{Digest as _, Md5};
use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::encoding::crypt64;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::ct_eq;
use crate::scheme::{Match, Scheme};

use super::common::{c_str, check_le, readings, rounds_field};

const ID: &str = "sun_md5_crypt";

/// Rounds every hash runs before the `rounds=` count is added.
pub(crate) const BASE_ROUNDS: u64 = 4096;

/// Work units of one round: an MD5 over the previous digest and, on about half the rounds, the
/// 1.5 KB passage below (measured 1.58 µs a round on the reference machine; see `crate::cost`).
const ROUND_COST: u64 = 26;

/// Byte order of the final encoding (md5-crypt's).
const ORDER: [usize; 16] = [12, 6, 0, 13, 7, 1, 14, 8, 2, 15, 9, 3, 5, 10, 4, 11];

/// The passage mixed into some rounds, with its trailing NUL (Project Gutenberg's text, as the
/// original implementation has it).
const HAMLET: &[u8] = b"\
To be, or not to be,--that is the question:--\n\
Whether 'tis nobler in the mind to suffer\n\
The slings and arrows of outrageous fortune\n\
Or to take arms against a sea of troubles,\n\
And by opposing end them?--To die,--to sleep,--\n\
No more; and by a sleep to say we end\n\
The heartache, and the thousand natural shocks\n\
That flesh is heir to,--'tis a consummation\n\
Devoutly to be wish'd. To die,--to sleep;--\n\
To sleep! perchance to dream:--ay, there's the rub;\n\
For in that sleep of death what dreams may come,\n\
When we have shuffled off this mortal coil,\n\
Must give us pause: there's the respect\n\
That makes calamity of so long life;\n\
For who would bear the whips and scorns of time,\n\
The oppressor's wrong, the proud man's contumely,\n\
The pangs of despis'd love, the law's delay,\n\
The insolence of office, and the spurns\n\
That patient merit of the unworthy takes,\n\
When he himself might his quietus make\n\
With a bare bodkin? who would these fardels bear,\n\
To grunt and sweat under a weary life,\n\
But that the dread of something after death,--\n\
The undiscover'd country, from whose bourn\n\
No traveller returns,--puzzles the will,\n\
And makes us rather bear those ills we have\n\
Than fly to others that we know not of?\n\
Thus conscience does make cowards of us all;\n\
And thus the native hue of resolution\n\
Is sicklied o'er with the pale cast of thought;\n\
And enterprises of great pith and moment,\n\
With this regard, their currents turn awry,\n\
And lose the name of action.--Soft you now!\n\
The fair Ophelia!--Nymph, in thy orisons\n\
Be all my sins remember'd.\n\
\0";

/// Bit `n` (mod 128) of a digest, least significant bit of each byte first.
fn bit(digest: &[u8; 16], n: u32) -> u32 {
    let n = n % 128;
    u32::from(digest[(n / 8) as usize] >> (n % 8)) & 1
}

/// Alec Muffett's coin toss: whether round `round` mixes the passage in.
fn coin_toss(d: &[u8; 16], round: u64) -> bool {
    let byte = |i: u32| u32::from(d[(i % 16) as usize]);
    let pick = |i: u32| {
        let a = byte(i);
        let b = byte(i + 3);
        let r = a >> (b % 5);
        let mut v = byte(r);
        if b & (1 << (a % 8)) != 0 {
            v /= 2;
        }
        bit(d, v)
    };
    let (mut x, mut y) = (0u32, 0u32);
    for i in 0..8 {
        x |= pick(i) << i;
        y |= pick(i + 8) << i;
    }
    // The round number indexes a bit modulo 128 (its high bits do not matter).
    let r = (round % 128) as u32;
    if bit(d, r) == 1 {
        x /= 2;
    }
    if bit(d, r + 64) == 1 {
        y /= 2;
    }
    bit(d, x) ^ bit(d, y) == 1
}

/// The raw Sun MD5 digest of `password` under `setting` (the hash string up to and including
/// the salt, with the extra `$` of the `$$` form) and `rounds` (total, base included).
pub(crate) fn sun_md5_crypt_raw(
    password: &[u8],
    setting: &[u8],
    rounds: u64,
) -> Zeroizing<[u8; 16]> {
    let mut digest: Zeroizing<[u8; 16]> = Zeroizing::new(
        Md5::new()
            .chain_update(password)
            .chain_update(setting)
            .finalize()
            .into(),
    );
    let mut number = [0u8; 20];
    for round in 0..rounds {
        let mut h = Md5::new();
        h.update(*digest);
        if coin_toss(&digest, round) {
            h.update(HAMLET);
        }
        h.update(decimal(round, &mut number));
        *digest = h.finalize().into();
    }
    digest
}

/// `n` in decimal, written into `buf`.
fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[i..]
}

/// A parsed hash: the setting bytes hashed, the total rounds, the salt and the digest.
struct Parsed<'a> {
    setting: &'a str,
    rounds: u64,
    salt: &'a str,
    digest: &'a str,
}

fn parse<'a>(hash: &'a str, limits: &Limits) -> Result<Parsed<'a>> {
    let Some(mut rest) = hash
        .strip_prefix("$md5$")
        .or_else(|| hash.strip_prefix("$md5,"))
    else {
        return Err(Error::malformed(ID, "prefix", "expected $md5$ or $md5,"));
    };
    let mut extra = 0;
    if let Some(after) = rest.strip_prefix("rounds=") {
        let (n, tail) = after
            .split_once('$')
            .ok_or_else(|| Error::malformed(ID, "rounds", "missing '$' after the count"))?;
        extra = rounds_field(ID, "rounds", n, 1, u64::from(u32::MAX))?;
        rest = tail;
    }
    let salt_len = rest
        .bytes()
        .take_while(|&c| crypt64::value(c).is_some())
        .count();
    let (salt, tail) = rest.split_at(salt_len);
    let after = tail
        .strip_prefix('$')
        .ok_or_else(|| Error::malformed(ID, "salt", "characters of ./0-9A-Za-z followed by '$'"))?;
    // "$$": the first '$' belongs to the hashed setting.
    let (setting_end, digest) = match after.strip_prefix('$') {
        Some(d) => (hash.len() - d.len() - 1, d),
        None => (hash.len() - after.len() - 1, after),
    };
    check_le(ID, "digest", digest, 22)?;
    let rounds = BASE_ROUNDS + extra;
    limits.rounds(ID, rounds, ROUND_COST)?;
    Ok(Parsed {
        setting: &hash[..setting_end],
        rounds,
        salt,
        digest,
    })
}

/// Sun MD5 crypt.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct SunMd5Crypt;

impl Scheme for SunMd5Crypt {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &["$md5$", "$md5,"]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(hash.starts_with("$md5$") || hash.starts_with("$md5,"))
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = parse(cred.hash(), limits)?;
        // Both readings of a password with a NUL are paid for before either runs.
        limits.rounds(ID, p.rounds, ROUND_COST.saturating_mul(readings(password)))?;
        let matches = |key: &[u8]| {
            let raw =
                zeroize::Zeroizing::new(sun_md5_crypt_raw(key, p.setting.as_bytes(), p.rounds));
            let ours = crypt64::encode_le_transposed(raw.as_ref(), &ORDER);
            ct_eq(ours.as_bytes(), p.digest.as_bytes())
        };
        let c_string = c_str(password);
        // The C producers stop at a NUL; passlib does not.
        Ok(matches(c_string) || (c_string.len() != password.len() && matches(password)))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = parse(cred.hash(), limits)?;
        Ok(vec![
            ("rounds", p.rounds.to_string()),
            ("salt", p.salt.to_owned()),
            (
                "salt_form",
                if p.setting.ends_with('$') {
                    "$$"
                } else {
                    "bare"
                }
                .to_owned(),
            ),
        ])
    }

    fn truncates(&self, password: &[u8]) -> bool {
        password.contains(&0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn check(pw: &[u8], hash: &str) -> bool {
        SunMd5Crypt
            .verify(pw, &Credential::new(hash), &Limits::DEFAULT)
            .unwrap()
    }

    #[test]
    fn known_answers() {
        // libxcrypt's table: the bare and the "$$" forms of one salt differ.
        assert!(check(b"", "$md5$9ZLwtuTO$RZCI6tPskaQD1XDK/Ffsr."));
        assert!(check(b"", "$md5$9ZLwtuTO$$0XWUyO5foTuTHGCTvb49N1"));
        assert!(!check(b"", "$md5$9ZLwtuTO$$RZCI6tPskaQD1XDK/Ffsr."));
        // A NUL: libxcrypt hashed "abc", passlib all seven bytes; both verify.
        assert!(check(b"abc\0def", "$md5$IQA2KsWU$$03tDOXxca618LcFDM9MCw1"));
        assert!(check(b"abc", "$md5$IQA2KsWU$$03tDOXxca618LcFDM9MCw1"));
        assert!(check(b"abc\0def", "$md5$IQA2KsWU$$6cYWP1LEWYNklvkRBWTsu0"));
        assert!(!check(b"abc", "$md5$IQA2KsWU$$6cYWP1LEWYNklvkRBWTsu0"));
        assert!(!check(
            b"abc\0defX",
            "$md5$IQA2KsWU$$6cYWP1LEWYNklvkRBWTsu0"
        ));
        // passlib's vectors from Solaris installations.
        assert!(check(b"Gpcs3_adm", "$md5$zrdhpMlZ$$wBvMOEqbSjU.hu5T2VEP01"));
        assert!(check(b"passwd", "$md5$RPgLF6IJ$WTvAlUJ7MqH5xak2FMEwS/"));
        assert!(check(
            "t\u{e1}\u{411}\u{2113}\u{259}".as_bytes(),
            "$md5,rounds=5000$10VYDzAA$$1arAVtMA3trgE1qJ2V0Ez1"
        ));
        assert!(!check(b"passwe", "$md5$RPgLF6IJ$WTvAlUJ7MqH5xak2FMEwS/"));
        assert_eq!(HAMLET.len(), 1517);
    }

    #[test]
    fn rejects_malformed() {
        for (h, kind) in [
            ("$md5,rounds=5000", ErrorKind::Malformed),
            (
                "$md5,rounds=500A$xxxx$WTvAlUJ7MqH5xak2FMEwS/",
                ErrorKind::Malformed,
            ),
            (
                "$md5,rounds=0500$xxxx$WTvAlUJ7MqH5xak2FMEwS/",
                ErrorKind::Malformed,
            ),
            (
                "$md5,rounds=0$xxxx$WTvAlUJ7MqH5xak2FMEwS/",
                ErrorKind::Malformed,
            ),
            ("$md5$RPgL!6IJ$WTvAlUJ7MqH5xak2FMEwS/", ErrorKind::Malformed),
            ("$md5$RPgLa6IJ$WTvAlUJ7MqH5xak2FMEwS", ErrorKind::Malformed),
            (
                "$md5$RPgLa6IJ$WTvAlUJ7MqH5xak2FMEwS/.",
                ErrorKind::Malformed,
            ),
            ("$md5$3UqYqndY$$", ErrorKind::Malformed),
            (
                "$md5$RPgLa6IJ$$$WTvAlUJ7MqH5xak2FMEwS/",
                ErrorKind::Malformed,
            ),
            (
                "$md5,rounds=4294967296$x$$WTvAlUJ7MqH5xak2FMEwS/",
                ErrorKind::Malformed,
            ),
            (
                "$md5,rounds=4294967295$x$$WTvAlUJ7MqH5xak2FMEwS/",
                ErrorKind::Limit,
            ),
        ] {
            let e = SunMd5Crypt
                .verify(b"x", &Credential::new(h), &Limits::DEFAULT)
                .unwrap_err();
            assert_eq!(e.kind(), kind, "{h}");
        }
    }
}
