//! The "portable" iterated-digest hashes of the PHP world.
//!
//! * `phpass`: Solar Designer's PHPass portable hashes, `$P$` (WordPress, Joomla 2.5.18+,
//!   phpass itself) and `$H$` (phpBB 3). MD5.
//! * `drupal7_sha512`: Drupal 7's `$S$`, the same construction over SHA-512, its encoded digest
//!   cut to 55 characters in all. `U$S$` is a Drupal 6 MD5 hash carried over by the 7.x upgrade:
//!   the same over the 32 hex digits of MD5(password). Drupal refuses passwords over 512 bytes;
//!   they never match.
//!
//! Layout: marker, one crypt64 character giving log2 of the round count (7 to 30), 8 salt
//! characters, then the digest in little-endian crypt64. The digest is
//! `h = H(salt || password)`, then `2^count` times `h = H(h || password)`. The round count is
//! bounded by [`Limits::max_crypt_rounds`] before any work (2^30 rounds is minutes of CPU), and
//! since every round hashes the whole password again, weighted by its length in 128-byte blocks
//! ([`Limits::crypt_rounds_for`]).
//! Plain MD5/SHA-512 iterated on a CPU budget from 2008: weak, always upgraded.
//!
//! `phpass` also accepts the Latin-1 encoding of a UTF-8 password whose characters all fit in
//! Latin-1: sites running with a Latin-1 charset (older WordPress and phpBB installations) hashed
//! the bytes the browser sent in that charset, and the Node.js port `wordpress-hash-node` feeds
//! each UTF-16 unit's low byte to MD5, which is the same for such passwords. Characters above
//! U+00FF lose their high byte there; that lossy reading is not reproduced.

use crate::credential::Credential;
use crate::encoding::crypt64;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, Digest, ct_eq};
use crate::scheme::{Match, Scheme};

use super::common::hex_digest;

/// The raw portable-hash function: `alg` iterated `2^log2` times over `salt` and `password`.
pub(crate) fn portable_hash(alg: Algorithm, password: &[u8], salt: &[u8], rounds: u64) -> Digest {
    let mut h = alg.digest(&[salt, password]);
    for _ in 0..rounds {
        h = alg.digest(&[h.as_bytes(), password]);
    }
    h
}

/// The Latin-1 bytes of `password` when it is non-ASCII UTF-8 whose characters all fit in
/// Latin-1.
fn latin1(password: &[u8]) -> Option<zeroize::Zeroizing<Vec<u8>>> {
    if password.is_ascii() {
        return None;
    }
    let text = std::str::from_utf8(password).ok()?;
    let mut out = zeroize::Zeroizing::new(Vec::with_capacity(text.len()));
    for c in text.chars() {
        out.push(u8::try_from(u32::from(c)).ok()?);
    }
    Some(out)
}

/// One portable-hash format.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Portable {
    id: &'static str,
    /// Markers and whether each pre-hashes the password with MD5 (Drupal's `U$`).
    markers: &'static [(&'static str, bool)],
    prefixes: &'static [&'static str],
    alg: Algorithm,
    /// Characters of encoded digest stored.
    digest_chars: usize,
    /// Longest password the producer accepts; longer ones never match.
    max_password: Option<usize>,
    /// Also try the Latin-1 bytes of a UTF-8 password that fits Latin-1.
    latin1_too: bool,
}

struct Parsed<'a> {
    md5_first: bool,
    log2: u64,
    salt: &'a str,
    digest: &'a str,
}

impl Portable {
    /// Work units of one round: a digest of the previous digest and `hashed_len` bytes.
    fn round_cost(&self, hashed_len: usize) -> u64 {
        crate::cost::digest(self.alg, (self.alg.output_len() + hashed_len) as u64)
    }

    /// `$P$` / `$H$`.
    pub(crate) const PHPASS: Portable = Portable {
        id: "phpass",
        markers: &[("$P$", false), ("$H$", false)],
        prefixes: &["$P$", "$H$"],
        alg: Algorithm::Md5,
        digest_chars: 22,
        max_password: None,
        latin1_too: true,
    };
    /// `$S$` / `U$S$`.
    pub(crate) const DRUPAL7: Portable = Portable {
        id: "drupal7_sha512",
        markers: &[("$S$", false), ("U$S$", true)],
        prefixes: &["$S$", "U$S$"],
        alg: Algorithm::Sha512,
        digest_chars: 43,
        max_password: Some(512),
        latin1_too: false,
    };

    fn marker<'a>(&self, hash: &'a str) -> Option<(bool, &'a str)> {
        self.markers
            .iter()
            .find_map(|&(m, md5)| hash.strip_prefix(m).map(|rest| (md5, rest)))
    }

    fn parse<'a>(&self, hash: &'a str, limits: &Limits) -> Result<Parsed<'a>> {
        let (md5_first, rest) = self.marker(hash).ok_or_else(|| {
            Error::malformed(self.id, "prefix", format!("expected {}", self.prefixes[0]))
        })?;
        if rest.len() != 1 + 8 + self.digest_chars || !rest.is_ascii() {
            return Err(Error::malformed(
                self.id,
                "length",
                format!(
                    "expected {} characters after the marker",
                    1 + 8 + self.digest_chars
                ),
            ));
        }
        let (count, rest) = rest.split_at(1);
        let (salt, digest) = rest.split_at(8);
        let log2 = crypt64::decode_int_le(count)
            .ok_or_else(|| Error::malformed(self.id, "rounds", "not a crypt64 character"))?;
        if !(7..=30).contains(&log2) {
            return Err(Error::malformed(self.id, "rounds", "log2 must be 7 to 30"));
        }
        limits.rounds(self.id, 1u64 << log2, self.round_cost(0))?;
        if !crypt64::is_crypt64(salt) {
            return Err(Error::malformed(self.id, "salt", "expected ./0-9A-Za-z"));
        }
        if !crypt64::is_crypt64(digest) {
            return Err(Error::malformed(self.id, "digest", "expected ./0-9A-Za-z"));
        }
        Ok(Parsed {
            md5_first,
            log2,
            salt,
            digest,
        })
    }
}

impl Scheme for Portable {
    fn id(&self) -> &str {
        self.id
    }

    fn prefixes(&self) -> &[&'static str] {
        self.prefixes
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(self.marker(hash).is_some())
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = self.parse(cred.hash(), limits)?;
        if self.max_password.is_some_and(|max| password.len() > max) {
            return Ok(false);
        }
        let rounds = 1u64 << p.log2;
        // Every round hashes the whole password again: weigh the rounds by its length, and
        // count the Latin-1 reading too where it will be tried.
        let hashed_len = if p.md5_first { 32 } else { password.len() };
        let readings = if self.latin1_too && !password.is_ascii() {
            2
        } else {
            1
        };
        limits.rounds(self.id, rounds, self.round_cost(hashed_len) * readings)?;
        let matches = |password: &[u8]| {
            let h = if p.md5_first {
                let pre = hex_digest(Algorithm::Md5, &[password]);
                portable_hash(self.alg, pre.as_bytes(), p.salt.as_bytes(), rounds)
            } else {
                portable_hash(self.alg, password, p.salt.as_bytes(), rounds)
            };
            let encoded = zeroize::Zeroizing::new(crypt64::encode_le(h.as_bytes()));
            let ours = encoded.get(..self.digest_chars).unwrap_or_default();
            ct_eq(ours.as_bytes(), p.digest.as_bytes())
        };
        if matches(password) {
            return Ok(true);
        }
        // The Latin-1 bytes are never longer than the UTF-8 ones: the budget charged holds.
        Ok(self.latin1_too && latin1(password).is_some_and(|l| matches(&l)))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = self.parse(cred.hash(), limits)?;
        let mut v = vec![
            ("rounds", (1u64 << p.log2).to_string()),
            ("salt", p.salt.to_owned()),
        ];
        if p.md5_first {
            v.push(("prehash", "md5".to_owned()));
        }
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn phpass_known_answers() {
        let l = Limits::DEFAULT;
        // hashcat's example for mode 400 (phpass), password "hashcat".
        let c = Credential::new("$P$946647711V1klyitUYhtB8Yw5DMA/w.");
        assert!(Portable::PHPASS.verify(b"hashcat", &c, &l).unwrap());
        assert!(!Portable::PHPASS.verify(b"hashcat1", &c, &l).unwrap());
        // WordPress (wordpress-hash-node), password "password".
        let c = Credential::new("$P$BAhKNfVHIntyVlAU2h/w79sBT/kaKW0");
        assert!(Portable::PHPASS.verify(b"password", &c, &l).unwrap());
        // wordpress-hash-node hashes Latin-1 bytes: the UTF-8 password is tried as Latin-1 too.
        let c = Credential::new("$P$B0RJCXBpH6ak/A3yGuuzVSl52hGXz61");
        let pw = "pässwörd Ünïcödé";
        assert!(Portable::PHPASS.verify(pw.as_bytes(), &c, &l).unwrap());
        assert!(
            Portable::PHPASS
                .verify(&latin1(pw.as_bytes()).unwrap(), &c, &l)
                .unwrap()
        );
        assert!(
            !Portable::PHPASS
                .verify("ässwörd Ünïcödé".as_bytes(), &c, &l)
                .unwrap()
        );
        assert!(latin1("密码".as_bytes()).is_none());
        assert!(latin1(b"ascii").is_none());
        assert!(latin1(b"\xff").is_none());
        assert_eq!(
            Portable::PHPASS.identify("$H$6sCs0h4cQk6X8cyFRu3rp81rVWH0vS0"),
            Match::Exact
        );
    }

    #[test]
    fn drupal_known_answers() {
        let l = Limits::DEFAULT;
        // hashcat's example for mode 7900 (Drupal7), password "hashcat".
        let c = Credential::new("$S$C20340258nzjDWpoQthrdNTR02f0pmev0K/5/Nx80WSkOQcPEQRh");
        assert!(Portable::DRUPAL7.verify(b"hashcat", &c, &l).unwrap());
        assert!(!Portable::DRUPAL7.verify(b"hashcat1", &c, &l).unwrap());
        assert!(!Portable::DRUPAL7.verify(&[b'a'; 513], &c, &l).unwrap());
        // 2^19 rounds are within bounds for a short password, not for a 4 KiB one.
        let c = Credential::new("$P$H46647711V1klyitUYhtB8Yw5DMA/w.");
        assert!(!Portable::PHPASS.verify(b"x", &c, &l).unwrap());
        let e = Portable::PHPASS.verify(&[b'a'; 4096], &c, &l).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Limit);
        // U$S$ is $S$ over md5(password) in hex: build one from the raw function and check that
        // the marker selects the pre-hash.
        let pre = hex_digest(Algorithm::Md5, &[b"hashcat"]);
        let h = portable_hash(Algorithm::Sha512, pre.as_bytes(), b"20340258", 1 << 14);
        let digest = crypt64::encode_le(h.as_bytes());
        let c = Credential::new(format!("U$S$C20340258{}", &digest[..43]));
        assert!(Portable::DRUPAL7.verify(b"hashcat", &c, &l).unwrap());
        assert!(!Portable::DRUPAL7.verify(pre.as_bytes(), &c, &l).unwrap());
    }

    #[test]
    fn rejects_malformed() {
        let l = Limits::DEFAULT;
        for (s, h, kind) in [
            (
                Portable::PHPASS,
                "$P$946647711V1klyitUYhtB",
                ErrorKind::Malformed,
            ),
            (Portable::PHPASS, "", ErrorKind::Malformed),
            (
                Portable::PHPASS,
                "$P$946647711V1klyitUYhtB8Yw5DMA/w!",
                ErrorKind::Malformed,
            ),
            (
                Portable::PHPASS,
                "$P$446647711V1klyitUYhtB8Yw5DMA/w.",
                ErrorKind::Malformed,
            ),
            (
                Portable::PHPASS,
                "$P$T46647711V1klyitUYhtB8Yw5DMA/w.",
                ErrorKind::Malformed,
            ),
            (
                Portable::PHPASS,
                "$P$M46647711V1klyitUYhtB8Yw5DMA/w.",
                ErrorKind::Limit,
            ),
            (
                Portable::PHPASS,
                "$P$9466477é1V1klyitUYhtB8Yw5DMA/w",
                ErrorKind::Malformed,
            ),
            (
                Portable::DRUPAL7,
                "$S$C20340258nzjDWpoQthrdNTR02f0pmev0K/5/Nx",
                ErrorKind::Malformed,
            ),
            (Portable::DRUPAL7, "$", ErrorKind::Malformed),
            (
                Portable::DRUPAL7,
                "$S$C20340258nzjDWpoQthrdNTR\u{0}2f0pmev0K/5/Nx80WSkOQcPEQRh",
                ErrorKind::Malformed,
            ),
            (
                Portable::DRUPAL7,
                "$S$C20340258nzjDWpoQthrdNTR02f0pmev0K/5/Nx80WSkOQcPEQRh\u{0}",
                ErrorKind::Malformed,
            ),
        ] {
            let e = s.verify(b"hashcat", &Credential::new(h), &l).unwrap_err();
            assert_eq!(e.kind(), kind, "{h:?}");
        }
    }
}
