//! MySQL and MariaDB account hashes: `OLD_PASSWORD()` (mysql323), `PASSWORD()` (mysql41) and
//! MySQL 8's `caching_sha2_password` authentication string.
//!
//! * **mysql323** (MySQL before 4.1, `OLD_PASSWORD()`): 16 hex digits of a 62-bit
//!   non-cryptographic hash. Trivially reversible by search; spaces and tabs in the password are
//!   skipped, so `"a b"` and `"ab"` hash alike ([`Scheme::truncates`] reports such passwords). The
//!   string carries no marker: it is told from the string alone only by its shape.
//! * **mysql41** (`mysql_native_password`, MySQL 4.1 to 8.x, MariaDB): `*` and the upper-case hex
//!   of SHA1(SHA1(password)), unsalted. Either case is accepted.
//! * **mysql_caching_sha2** (MySQL 8 default, `caching_sha2_password`): `$A$`, three decimal
//!   digits giving the rounds in thousands, `$`, 20 bytes of salt and 43 characters of digest. The
//!   digest is sha256-crypt, except that the whole 20-byte salt is used (sha256-crypt proper stops
//!   at 16), so the `sha-crypt` crate cannot compute it. The salt is taken by position, never by
//!   looking for the next `$`: MySQL's salts are any 7-bit byte but NUL and `$`, exports made by
//!   other tools use any printable byte, `$` included, and hashcat (mode 7401) hashes all 20 bytes
//!   as they stand, as we do. MySQL itself refuses passwords over 256 bytes; so do we. Because
//!   the salt holds control characters, `SHOW CREATE USER` with `print_identified_with_as_hex`
//!   (and `SELECT HEX(authentication_string)` with a `0x` added) exports the string as `0x` and
//!   hex; that form, `0x2441...`, is read too, whatever bytes its salt holds (an 8-bit salt,
//!   which only the hex form can carry, is hashed as it stands, as hashcat does).
//!
//! All three are hashes of the password bytes as the client sent them (UTF-8 for any modern
//! client); no user name is involved.
//!
//! MariaDB's `PASSWORD('')` and `OLD_PASSWORD('')` are the empty string, not a hash of it, and
//! an account whose stored hash is empty has no password: the server lets it in with an empty
//! password only. With the scheme hint, an empty mysql41 or mysql323 value therefore verifies
//! the empty password and nothing else (identification never claims an empty string).

use std::borrow::Cow;

use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::encoding::{crypt64, hex};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq};
use crate::scheme::{Match, Scheme};
use crate::schemes::unix::sha_crypt::{ORDER_256, sha256_crypt_raw};

/// The raw `OLD_PASSWORD()` function: the two 31-bit halves, as MySQL's `hash_password` leaves
/// them. Spaces and tabs are skipped.
pub(crate) fn mysql323_raw(password: &[u8]) -> [u32; 2] {
    let mut nr: u32 = 0x5030_5735;
    let mut nr2: u32 = 0x1234_5671;
    let mut add: u32 = 7;
    for &c in password.iter().filter(|&&c| c != b' ' && c != b'\t') {
        let tmp = u32::from(c);
        nr ^= (nr & 63)
            .wrapping_add(add)
            .wrapping_mul(tmp)
            .wrapping_add(nr << 8);
        nr2 = nr2.wrapping_add((nr2 << 8) ^ nr);
        add = add.wrapping_add(tmp);
    }
    [nr & 0x7fff_ffff, nr2 & 0x7fff_ffff]
}

/// MySQL's pre-4.1 `OLD_PASSWORD()` hash.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mysql323;

impl Mysql323 {
    const ID: &'static str = "mysql323";

    fn parse(hash: &str) -> Result<[u8; 8]> {
        hex::decode_array::<8>(hash)
            .ok_or_else(|| Error::malformed(Self::ID, "digest", "expected 16 hex digits"))
    }
}

impl Scheme for Mysql323 {
    fn id(&self) -> &str {
        Self::ID
    }

    fn identify(&self, hash: &str) -> Match {
        if hex::is_hex_len(hash, 16) {
            Match::Shape
        } else {
            Match::No
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        if cred.hash().is_empty() {
            return Ok(password.is_empty());
        }
        let stored = Self::parse(cred.hash())?;
        let [a, b] = mysql323_raw(password);
        let mut ours = [0u8; 8];
        ours[..4].copy_from_slice(&a.to_be_bytes());
        ours[4..].copy_from_slice(&b.to_be_bytes());
        Ok(ct_eq(&ours, &stored))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        Self::parse(cred.hash())?;
        Ok(Vec::new())
    }

    fn truncates(&self, password: &[u8]) -> bool {
        password.iter().any(|&c| c == b' ' || c == b'\t')
    }
}

/// MySQL 4.1+ `PASSWORD()` / `mysql_native_password`: `*` + hex SHA1(SHA1(password)).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mysql41;

impl Mysql41 {
    const ID: &'static str = "mysql41";

    fn parse(hash: &str) -> Result<[u8; 20]> {
        let digest = hash
            .strip_prefix('*')
            .ok_or_else(|| Error::malformed(Self::ID, "prefix", "expected '*'"))?;
        hex::decode_array::<20>(digest)
            .ok_or_else(|| Error::malformed(Self::ID, "digest", "expected 40 hex digits"))
    }
}

impl Scheme for Mysql41 {
    fn id(&self) -> &str {
        Self::ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &["*"]
    }

    fn identify(&self, hash: &str) -> Match {
        // `*` alone is too weak a marker to claim malformed strings with.
        match hash.strip_prefix('*') {
            Some(rest) if hex::is_hex_len(rest, 40) => Match::Exact,
            _ => Match::No,
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        if cred.hash().is_empty() {
            return Ok(password.is_empty());
        }
        let stored = Self::parse(cred.hash())?;
        let inner = Algorithm::Sha1.digest(&[password]);
        let outer = Algorithm::Sha1.digest(&[inner.as_bytes()]);
        Ok(ct_eq(outer.as_bytes(), &stored))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        Self::parse(cred.hash())?;
        Ok(Vec::new())
    }
}

/// sha256-crypt (Drepper's algorithm) over the whole of `salt`, without the 16-byte salt cap of
/// `$5$`: the function MySQL's `my_crypt_genhash` computes for `caching_sha2_password`. That is
/// [`sha256_crypt_raw`] itself, whose callers do the cutting (`$5$`'s parser does): one copy of
/// the algorithm and of its round loop on prepared blocks. The result is wiped on drop.
pub(crate) fn sha256_crypt_full_salt(
    password: &[u8],
    salt: &[u8],
    rounds: u32,
) -> Zeroizing<[u8; 32]> {
    sha256_crypt_raw(password, salt, u64::from(rounds))
}

/// MySQL 8's `caching_sha2_password` authentication string, `$A$005$<salt20><digest43>`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct MysqlCachingSha2;

/// A parsed `$A$` string.
struct CachingSha2<'a> {
    rounds: u32,
    salt: &'a [u8],
    digest: &'a [u8],
}

impl MysqlCachingSha2 {
    const ID: &'static str = "mysql_caching_sha2";
    const MARKER: &'static str = "$A$";
    /// `0x` and the hex of `$A`: the string as MySQL's hex exports write it.
    const HEX_MARKER: &'static str = "0x2441";
    const SALT_LEN: usize = 20;
    const DIGEST_LEN: usize = 43;
    /// MySQL refuses longer passwords before hashing (`MAX_PLAINTEXT_LENGTH`).
    const MAX_PASSWORD: usize = 256;

    /// The authentication string's bytes: `hash`, or what its `0x` hex export decodes to. The
    /// decoded bytes need not be UTF-8: the salt is any byte but NUL.
    fn bytes(hash: &str) -> Result<Cow<'_, [u8]>> {
        let Some(hexed) = hash.strip_prefix("0x") else {
            return Ok(Cow::Borrowed(hash.as_bytes()));
        };
        if hexed.len() % 2 != 0 || !hexed.bytes().all(|c| c.is_ascii_hexdigit()) {
            return Err(Error::malformed(
                Self::ID,
                "hex",
                "expected 0x and an even number of hex digits",
            ));
        }
        hex::decode(hexed)
            .map(Cow::Owned)
            .ok_or_else(|| Error::malformed(Self::ID, "hex", "not hex"))
    }

    fn parse<'a>(hash: &'a [u8], limits: &Limits) -> Result<CachingSha2<'a>> {
        let id = Self::ID;
        let rest = hash
            .strip_prefix(Self::MARKER.as_bytes())
            .ok_or_else(|| Error::malformed(id, "prefix", "expected $A$"))?;
        let count = rest
            .get(..3)
            .filter(|c| c.iter().all(u8::is_ascii_digit))
            .ok_or_else(|| Error::malformed(id, "rounds", "expected three decimal digits"))?;
        let count = count
            .iter()
            .fold(0u32, |v, &d| v * 10 + u32::from(d - b'0'));
        if count == 0 {
            return Err(Error::malformed(id, "rounds", "must be at least 001"));
        }
        let rounds = count * 1000;
        // Charged at the longest password the scheme takes, so the check needs no password.
        let per_round = crate::cost::sha_crypt_round(
            Algorithm::Sha256,
            Self::MAX_PASSWORD as u64,
            Self::SALT_LEN as u64,
        );
        limits.rounds(id, u64::from(rounds), per_round)?;
        if rest.get(3) != Some(&b'$') {
            return Err(Error::malformed(
                id,
                "rounds",
                "expected '$' after the count",
            ));
        }
        let body = &rest[4..];
        if body.len() != Self::SALT_LEN + Self::DIGEST_LEN {
            return Err(Error::malformed(
                id,
                "digest",
                "expected a 20-byte salt and a 43-character digest",
            ));
        }
        let (salt, digest) = body.split_at(Self::SALT_LEN);
        // MySQL writes 7-bit salts, but the digest is over the bytes as they stand (hashcat
        // 7401's own self-test has an 8-bit salt), so any byte but NUL is read.
        if salt.contains(&0) {
            return Err(Error::malformed(
                id,
                "salt",
                "expected 20 bytes other than NUL",
            ));
        }
        if !digest.iter().all(|&c| crypt64::value(c).is_some()) {
            return Err(Error::malformed(
                id,
                "digest",
                "expected 43 characters of ./0-9A-Za-z",
            ));
        }
        Ok(CachingSha2 {
            rounds,
            salt,
            digest,
        })
    }
}

impl Scheme for MysqlCachingSha2 {
    fn id(&self) -> &str {
        Self::ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &[Self::MARKER, Self::HEX_MARKER]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(hash.starts_with(Self::MARKER) || hash.starts_with(Self::HEX_MARKER))
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let bytes = Self::bytes(cred.hash())?;
        let parsed = Self::parse(&bytes, limits)?;
        if password.len() > Self::MAX_PASSWORD {
            return Ok(false);
        }
        let raw = sha256_crypt_full_salt(password, parsed.salt, parsed.rounds);
        let ours = Zeroizing::new(crypt64::encode_le_transposed(&*raw, &ORDER_256));
        Ok(ct_eq(ours.as_bytes(), parsed.digest))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let bytes = Self::bytes(cred.hash())?;
        let parsed = Self::parse(&bytes, limits)?;
        Ok(vec![
            ("rounds", parsed.rounds.to_string()),
            ("salt", hex::encode(parsed.salt)),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn verify(s: &dyn Scheme, pw: &[u8], hash: &str) -> Result<bool> {
        s.verify(pw, &Credential::new(hash), &Limits::DEFAULT)
    }

    #[test]
    fn mysql323_known_answers() {
        // MariaDB 10.11 OLD_PASSWORD('MySQL-Pass!2024').
        assert!(verify(&Mysql323, b"MySQL-Pass!2024", "0bc1f22d057391a3").unwrap());
        assert!(verify(&Mysql323, b"MySQL-Pass!2024", "0BC1F22D057391A3").unwrap());
        assert!(!verify(&Mysql323, b"MySQL-Pass!2025", "0bc1f22d057391a3").unwrap());
        // Spaces and tabs are skipped.
        assert!(verify(&Mysql323, b"MySQL-Pass! \t2024", "0bc1f22d057391a3").unwrap());
        assert!(Mysql323.truncates(b"a b"));
        assert!(!Mysql323.truncates(b"ab"));
        assert_eq!(Mysql323.identify("0bc1f22d057391a3"), Match::Shape);
        // MariaDB's OLD_PASSWORD('') is '': no password; OLD_PASSWORD(' ') is a real hash.
        assert!(verify(&Mysql323, b"", "").unwrap());
        assert!(!verify(&Mysql323, b" ", "").unwrap());
        assert!(verify(&Mysql323, b" ", "5030573512345671").unwrap());
        assert_eq!(Mysql323.identify(""), Match::No);
        for bad in ["0bc1f22d057391a", "0bc1f22d057391a3 ", "0bc1f22d057391ag"] {
            assert_eq!(
                verify(&Mysql323, b"x", bad).unwrap_err().kind(),
                ErrorKind::Malformed
            );
        }
    }

    #[test]
    fn mysql41_known_answers() {
        // hashcat's mode 300 example, also MariaDB's PASSWORD('hashcat').
        let h = "*FCF7C1B8749CF99D88E5F34271D636178FB5D130";
        assert!(verify(&Mysql41, b"hashcat", h).unwrap());
        assert!(verify(&Mysql41, b"hashcat", &h.to_ascii_lowercase()).unwrap());
        assert!(!verify(&Mysql41, b"hashcaT", h).unwrap());
        assert_eq!(Mysql41.identify(h), Match::Exact);
        assert_eq!(Mysql41.identify("*FCF7"), Match::No);
        // MariaDB's PASSWORD('') is '': the account has no password.
        assert!(verify(&Mysql41, b"", "").unwrap());
        assert!(!verify(&Mysql41, b"hashcat", "").unwrap());
        assert_eq!(Mysql41.identify(""), Match::No);
        for bad in [
            "*FCF7",
            "FCF7C1B8749CF99D88E5F34271D636178FB5D1300",
            &format!("{h} "),
        ] {
            assert_eq!(
                verify(&Mysql41, b"x", bad).unwrap_err().kind(),
                ErrorKind::Malformed
            );
        }
    }

    #[test]
    fn sha256_crypt_matches_drepper_with_short_salts() {
        // With a salt of at most 16 bytes the function is plain sha256-crypt: test vectors of
        // Drepper's specification.
        let raw = sha256_crypt_full_salt(b"Hello world!", b"saltstring", 5000);
        assert_eq!(
            crypt64::encode_le_transposed(&*raw, &ORDER_256),
            "5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5"
        );
        let raw = sha256_crypt_full_salt(b"This is just a test", b"toolongsaltstrin", 5000);
        assert_eq!(
            crypt64::encode_le_transposed(&*raw, &ORDER_256),
            "Un/5jzAHMgOGZ5.mWJpuVolil07guHPvOW8mGRcvxa5"
        );
        // And it agrees with the sha-crypt crate wherever that crate applies.
        for (pw, salt, rounds) in [
            (&b"pw"[..], &b"0123456789abcdef"[..], 1000u32),
            (&[b'x'; 100][..], &b"s"[..], 1234),
        ] {
            let params = sha_crypt::Params::new(rounds).unwrap();
            assert_eq!(
                *sha256_crypt_full_salt(pw, salt, rounds),
                sha_crypt::sha256_crypt(pw, salt, params)
            );
        }
    }

    #[test]
    fn caching_sha2_known_answer() {
        // Made with MySQL's algorithm (checked against hashcat mode 7401's self-test).
        let h = "$A$005$xLHxjQ~Xif.f#WBWZ#=:6Oxn.FhGERnXu7RQGRYRF5b4FgH3klGbYr0YTUaqN0/";
        assert!(verify(&MysqlCachingSha2, b"correct horse battery staple", h).unwrap());
        assert!(!verify(&MysqlCachingSha2, b"correct horse battery staplf", h).unwrap());
        assert!(!verify(&MysqlCachingSha2, &[b'a'; 257], h).unwrap());
        let info = MysqlCachingSha2
            .inspect(&Credential::new(h), &Limits::DEFAULT)
            .unwrap();
        assert_eq!(info[0], ("rounds", "5000".to_owned()));
    }

    #[test]
    fn caching_sha2_hex_export() {
        let h = "$A$005$xLHxjQ~Xif.f#WBWZ#=:6Oxn.FhGERnXu7RQGRYRF5b4FgH3klGbYr0YTUaqN0/";
        let exported = format!("0x{}", hex::encode_upper(h.as_bytes()));
        assert_eq!(MysqlCachingSha2.identify(&exported), Match::Exact);
        assert!(
            verify(
                &MysqlCachingSha2,
                b"correct horse battery staple",
                &exported
            )
            .unwrap()
        );
        assert!(!verify(&MysqlCachingSha2, b"correct horse battery stapl", &exported).unwrap());
        // hashcat 7401's self-test: an 8-bit salt, read from the hex export.
        let st = "0x24412430303524F9CC98CE08892924F50A213B6BC571A2C11778C5625479393559393965414D45316477456B484F41316E64484742577A2E3162785353526B7554584647562F";
        assert!(verify(&MysqlCachingSha2, b"hashcat", st).unwrap());
        assert!(!verify(&MysqlCachingSha2, b"hashcaT", st).unwrap());
        for bad in ["0x2441", "0x24412", "0x2441zz", &format!("{exported}00")] {
            assert_eq!(
                verify(&MysqlCachingSha2, b"x", bad).unwrap_err().kind(),
                ErrorKind::Malformed,
                "{bad}"
            );
        }
    }

    #[test]
    fn caching_sha2_rejects_malformed() {
        let good = "$A$005$xLHxjQ~Xif.f#WBWZ#=:6Oxn.FhGERnXu7RQGRYRF5b4FgH3klGbYr0YTUaqN0/";
        for bad in [
            "$A$",
            "$A$005",
            "$A$000$xLHxjQ~Xif.f#WBWZ#=:6Oxn.FhGERnXu7RQGRYRF5b4FgH3klGbYr0YTUaqN0/",
            "$A$0x5$xLHxjQ~Xif.f#WBWZ#=:6Oxn.FhGERnXu7RQGRYRF5b4FgH3klGbYr0YTUaqN0/",
            "$A$005xxLHxjQ~Xif.f#WBWZ#=:6Oxn.FhGERnXu7RQGRYRF5b4FgH3klGbYr0YTUaqN0/",
            &good[..good.len() - 1],
            &format!("{good}A"),
            "$A$005$xLHxjQ~Xif.f#WBWZ#\0:6Oxn.FhGERnXu7RQGRYRF5b4FgH3klGbYr0YTUaqN0/",
            "$A$005$xLHxjQ~Xif.f#WBWZ#=:6Oxn.FhGERnXu7RQGRYRF5b4FgH3klGbYr0YTUaqN0~",
        ] {
            assert_eq!(
                verify(&MysqlCachingSha2, b"x", bad).unwrap_err().kind(),
                ErrorKind::Malformed,
                "{bad:?}"
            );
        }
        let mut limits = Limits::DEFAULT;
        limits.max_crypt_rounds = 1000;
        assert_eq!(
            MysqlCachingSha2
                .verify(b"x", &Credential::new(good), &limits)
                .unwrap_err()
                .kind(),
            ErrorKind::Limit
        );
    }

    #[test]
    fn caching_sha2_salt_may_hold_a_dollar() {
        // The salt is taken by position: a `$` inside it is salt, not a separator.
        let salt = b"ab$defghijklmnopqrst";
        let raw = sha256_crypt_full_salt(b"pw", salt, 5000);
        let digest = crypt64::encode_le_transposed(&*raw, &ORDER_256);
        let h = format!("$A$005${}{digest}", std::str::from_utf8(salt).unwrap());
        assert!(verify(&MysqlCachingSha2, b"pw", &h).unwrap());
        assert!(!verify(&MysqlCachingSha2, b"pW", &h).unwrap());
    }
}
