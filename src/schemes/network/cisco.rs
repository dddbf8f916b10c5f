//! Cisco device password formats (IOS, PIX and ASA configurations).
//!
//! * **cisco_pix** (PIX, `passwd`/`enable password ... encrypted`): 16 characters of crypt64. The
//!   password, followed by the first four bytes of the user name (repeated to four when shorter;
//!   nothing for `enable` passwords, which have no user) is NUL-padded or cut to 16 bytes and
//!   MD5-hashed; every fourth digest byte is dropped. Passwords over 16 bytes are refused by PIX
//!   and never match here.
//! * **cisco_asa** (ASA 7.0+): the same, except that the user name is not appended to passwords of
//!   28 bytes or more and the input is padded to 32 bytes when password and user name exceed 16.
//!   Passwords over 32 bytes never match. Both follow passlib's `cisco_pix`/`cisco_asa` (and
//!   hashcat modes 2400/2410); the user name, when the account has one, comes from the caller.
//!   Both are one unsalted-in-practice MD5: always upgraded. Neither string carries a marker, and
//!   the two cannot be told apart: without a hint they are ambiguous.
//! * **cisco_type7** (`password 7 ...`): not a hash but a reversible XOR with a fixed 53-byte
//!   key, starting at the offset given by the two leading decimal digits (0–52), followed by the
//!   ciphertext in hex. We decode it and compare with the password in constant time. Anyone with
//!   the string has the password. No marker: used only with the scheme hint.
//! * **cisco_type8** (`secret 8`, `$8$`): PBKDF2-HMAC-SHA256, 20000 iterations, over a
//!   14-character salt taken as text, 32 bytes written in the crypt alphabet with standard base64
//!   bit order.
//! * **cisco_type9** (`secret 9`, `$9$`): scrypt with N=16384, r=1, p=1 over the same salt and
//!   encoding, bounded by [`Limits::scrypt`] like any scrypt.
//!
//! Passwords are the bytes typed on the device (ASCII in practice, UTF-8 otherwise).

use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::encoding::{b64, crypt64, hex};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq, pbkdf2, scrypt};
use crate::scheme::{Match, Scheme};

/// The PIX/ASA MD5 function: the 16-character string for `password` and the account's user name
/// (`None` or empty for enable passwords). `None` when the password is longer than the device
/// accepts (16 bytes for PIX, 32 for ASA).
pub(crate) fn cisco_md5_raw(password: &[u8], user: Option<&[u8]>, asa: bool) -> Option<String> {
    let max = if asa { 32 } else { 16 };
    if password.len() > max {
        return None;
    }
    let mut input = Zeroizing::new(Vec::with_capacity(36));
    input.extend_from_slice(password);
    if let Some(user) = user.filter(|u| !u.is_empty() && (!asa || password.len() < 28)) {
        input.extend(user.iter().copied().cycle().take(4));
    }
    let size = if asa && input.len() > 16 { 32 } else { 16 };
    input.resize(size, 0);
    let digest = Algorithm::Md5.digest(&[&input]);
    let kept: Zeroizing<Vec<u8>> = Zeroizing::new(
        digest
            .as_bytes()
            .iter()
            .enumerate()
            .filter(|(i, _)| (i + 1) % 4 != 0)
            .map(|(_, &b)| b)
            .collect(),
    );
    Some(crypt64::encode_le(&kept))
}

/// Cisco PIX / ASA MD5 (`cisco_pix`, `cisco_asa`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct CiscoMd5 {
    id: &'static str,
    asa: bool,
}

impl CiscoMd5 {
    /// PIX: 16-byte passwords.
    pub(crate) const PIX: CiscoMd5 = CiscoMd5 {
        id: "cisco_pix",
        asa: false,
    };
    /// ASA 7.0+: 32-byte passwords.
    pub(crate) const ASA: CiscoMd5 = CiscoMd5 {
        id: "cisco_asa",
        asa: true,
    };

    fn shape(hash: &str) -> bool {
        hash.len() == 16 && crypt64::is_crypt64(hash)
    }
}

impl Scheme for CiscoMd5 {
    fn id(&self) -> &str {
        self.id
    }

    fn identify(&self, hash: &str) -> Match {
        if Self::shape(hash) {
            Match::Shape
        } else {
            Match::No
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let hash = cred.hash();
        if !Self::shape(hash) {
            return Err(Error::malformed(
                self.id,
                "digest",
                "expected 16 characters of ./0-9A-Za-z",
            ));
        }
        let user = cred.username().map(str::as_bytes);
        Ok(cisco_md5_raw(password, user, self.asa)
            .is_some_and(|ours| ct_eq(ours.as_bytes(), hash.as_bytes())))
    }
}

/// The type 7 key, applied from the offset the string starts with.
const TYPE7_KEY: &[u8; 53] = b"dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87";

/// Decode a type 7 string to the password it hides.
pub(crate) fn cisco_type7_decode(hash: &str) -> Result<Zeroizing<Vec<u8>>> {
    const ID: &str = "cisco_type7";
    let offset = hash
        .get(..2)
        .filter(|d| d.bytes().all(|c| c.is_ascii_digit()))
        .ok_or_else(|| Error::malformed(ID, "salt", "expected two decimal digits"))?;
    let offset = offset
        .bytes()
        .fold(0usize, |v, d| v * 10 + usize::from(d - b'0'));
    if offset >= TYPE7_KEY.len() {
        return Err(Error::malformed(ID, "salt", "offset must be 0 to 52"));
    }
    let cipher = hash
        .get(2..)
        .and_then(hex::decode)
        .map(Zeroizing::new)
        .ok_or_else(|| Error::malformed(ID, "digest", "expected hex after the offset"))?;
    Ok(Zeroizing::new(
        cipher
            .iter()
            .zip(TYPE7_KEY.iter().cycle().skip(offset))
            .map(|(c, k)| c ^ k)
            .collect(),
    ))
}

/// Cisco IOS type 7 (reversible).
#[derive(Clone, Copy, Debug)]
pub(crate) struct CiscoType7;

impl Scheme for CiscoType7 {
    fn id(&self) -> &str {
        "cisco_type7"
    }

    fn identify(&self, _hash: &str) -> Match {
        // Digits and hex: nothing marks it, and claiming its shape would make every hex digest
        // that starts with two digits ambiguous. Used with the scheme hint only.
        Match::No
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let plain = cisco_type7_decode(cred.hash())?;
        Ok(ct_eq(&plain, password))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        cisco_type7_decode(cred.hash())?;
        Ok(cred
            .hash()
            .get(..2)
            .map(|o| vec![("salt", o.to_owned())])
            .unwrap_or_default())
    }
}

/// Cisco IOS `$8$` (PBKDF2-SHA256) and `$9$` (scrypt).
#[derive(Clone, Copy, Debug)]
pub(crate) struct CiscoSecret {
    id: &'static str,
    marker: &'static str,
    scrypt: bool,
}

impl CiscoSecret {
    /// Type 8: PBKDF2-HMAC-SHA256, 20000 iterations.
    pub(crate) const TYPE8: CiscoSecret = CiscoSecret {
        id: "cisco_type8",
        marker: "$8$",
        scrypt: false,
    };
    /// Type 9: scrypt N=16384, r=1, p=1.
    pub(crate) const TYPE9: CiscoSecret = CiscoSecret {
        id: "cisco_type9",
        marker: "$9$",
        scrypt: true,
    };

    const PBKDF2_ITERATIONS: u64 = 20_000;
    const SCRYPT_LOG_N: u8 = 14;
    const SALT_LEN: usize = 14;
    const DIGEST_CHARS: usize = 43;

    /// (salt, digest bytes).
    fn parse<'a>(&self, hash: &'a str) -> Result<(&'a str, Vec<u8>)> {
        let rest = hash.strip_prefix(self.marker).ok_or_else(|| {
            Error::malformed(self.id, "prefix", format!("expected {}", self.marker))
        })?;
        let (salt, digest) = rest
            .split_once('$')
            .ok_or_else(|| Error::malformed(self.id, "digest", "missing '$' after the salt"))?;
        if salt.len() != Self::SALT_LEN || !crypt64::is_crypt64(salt) {
            return Err(Error::malformed(
                self.id,
                "salt",
                "expected 14 characters of ./0-9A-Za-z",
            ));
        }
        let bytes = Some(digest)
            .filter(|d| d.len() == Self::DIGEST_CHARS)
            .and_then(|d| b64::decode(&b64::CRYPT_BE, d))
            .filter(|b| b.len() == 32)
            .ok_or_else(|| {
                Error::malformed(self.id, "digest", "expected 43 characters of ./0-9A-Za-z")
            })?;
        Ok((salt, bytes))
    }

    /// Type 9's fixed scrypt cost (N = 2^14, r = 1, p = 1), or `None` for type 8.
    fn scrypt_cost(&self) -> Option<scrypt::ScryptCost> {
        self.scrypt
            .then_some(scrypt::ScryptCost::scrypt(1 << Self::SCRYPT_LOG_N, 1, 1))
    }
}

impl Scheme for CiscoSecret {
    fn id(&self) -> &str {
        self.id
    }

    fn prefixes(&self) -> &[&'static str] {
        std::slice::from_ref(&self.marker)
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(hash.starts_with(self.marker))
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let (salt, stored) = self.parse(cred.hash())?;
        let ours = match self.scrypt_cost() {
            Some(cost) => scrypt::derive(self.id, password, salt.as_bytes(), cost, 32, limits)?,
            None => pbkdf2::derive(
                self.id,
                Algorithm::Sha256,
                password,
                salt.as_bytes(),
                Self::PBKDF2_ITERATIONS,
                32,
                limits,
            )?,
        };
        Ok(ct_eq(&ours, &stored))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (salt, _) = self.parse(cred.hash())?;
        let mut out = vec![("salt", salt.to_owned())];
        if let Some(cost) = self.scrypt_cost() {
            cost.check(self.id, limits)?;
            out.extend([
                ("ln", Self::SCRYPT_LOG_N.to_string()),
                ("r", "1".to_owned()),
                ("p", "1".to_owned()),
            ]);
        } else {
            out.push(("iterations", Self::PBKDF2_ITERATIONS.to_string()));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn pix_and_asa_known_answers() {
        // hashcat's mode 2400 (no user) and 2410 (user "4684") examples.
        assert_eq!(
            cisco_md5_raw(b"hashcat", None, false).as_deref(),
            Some("dRRVnUmUHXOTt9nk")
        );
        let asa = Credential::new("YjDBNr.A0AN7DA8s").with_username("4684");
        assert!(
            CiscoMd5::ASA
                .verify(b"hashcat", &asa, &Limits::DEFAULT)
                .unwrap()
        );
        assert!(
            !CiscoMd5::ASA
                .verify(b"hashcat1", &asa, &Limits::DEFAULT)
                .unwrap()
        );
        // passlib: the 28-byte password gets no user name under ASA.
        let long = Credential::new("PQvVXs3D6IEtTjeD").with_username("scott");
        let pw = b"correct horse battery staple";
        assert!(CiscoMd5::ASA.verify(pw, &long, &Limits::DEFAULT).unwrap());
        assert!(!CiscoMd5::PIX.verify(pw, &long, &Limits::DEFAULT).unwrap());
        // passlib: a two-byte user name is repeated to four.
        let pix = Credential::new("ByY0pzAqT7fNKwju").with_username("sa");
        assert!(
            CiscoMd5::PIX
                .verify(b"p:a$s{w}rd", &pix, &Limits::DEFAULT)
                .unwrap()
        );
        assert_eq!(CiscoMd5::PIX.identify("dRRVnUmUHXOTt9nk"), Match::Shape);
        assert_eq!(CiscoMd5::ASA.identify("dRRVnUmUHXOTt9n"), Match::No);
        let e = CiscoMd5::PIX
            .verify(b"x", &Credential::new("dRRVnUmUHXOTt9n!"), &Limits::DEFAULT)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed);
    }

    #[test]
    fn type7_decodes() {
        assert_eq!(
            &*cisco_type7_decode("051B071C325B411B1D").unwrap(),
            b"password"
        );
        let cred = Credential::new("13451B170A080D242C64293D31620715170A0D5F575F13");
        assert!(
            CiscoType7
                .verify(b" leading and trailing ", &cred, &Limits::DEFAULT)
                .unwrap()
        );
        assert!(
            !CiscoType7
                .verify(b" leading and trailing", &cred, &Limits::DEFAULT)
                .unwrap()
        );
        assert_eq!(CiscoType7.identify(cred.hash()), Match::No);
        for bad in ["", "0", "5x1B", "53", "99AA", "051B0", "051B07G1"] {
            let e = CiscoType7
                .verify(b"x", &Credential::new(bad), &Limits::DEFAULT)
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed, "{bad:?}");
        }
    }

    #[test]
    fn type8_and_type9_known_answers() {
        // hashcat's mode 9200 and 9300 examples.
        let t8 = Credential::new("$8$84486783037343$pYNyVrtyMalQrZLxRi7ZLQS1Fl.jkYCgASUi5P8JNb2");
        assert!(
            CiscoSecret::TYPE8
                .verify(b"hashcat", &t8, &Limits::DEFAULT)
                .unwrap()
        );
        assert!(
            !CiscoSecret::TYPE8
                .verify(b"hashcaT", &t8, &Limits::DEFAULT)
                .unwrap()
        );
        let t9 = Credential::new("$9$87023684531115$phio0TBQwaO7KZ8toQFyGFyDvyOzidaypRWN0uKX0hU");
        assert!(
            CiscoSecret::TYPE9
                .verify(b"hashcat", &t9, &Limits::DEFAULT)
                .unwrap()
        );
        assert!(
            !CiscoSecret::TYPE9
                .verify(b"hashcaT", &t9, &Limits::DEFAULT)
                .unwrap()
        );
        let mut small = Limits::DEFAULT;
        small.max_memory_bytes = 1 << 20;
        let e = CiscoSecret::TYPE9.verify(b"x", &t9, &small).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Limit);
    }

    #[test]
    fn type8_and_type9_reject_malformed() {
        let good = "$9$87023684531115$phio0TBQwaO7KZ8toQFyGFyDvyOzidaypRWN0uKX0hU";
        for bad in [
            "$9$",
            "$9$87023684531",
            "$9$87023684531115$phio0TBQwaO7KZ8toQFyGFyD",
            &format!("{good}A"),
            &format!("{good} "),
            &format!("{good}\0"),
            &good.replace("870236845311", "8702368453 1"),
            "$9$8702368453111$phio0TBQwaO7KZ8toQFyGFyDvyOzidaypRWN0uKX0hU",
            // The last character carries bits past the 32 bytes.
            "$9$87023684531115$phio0TBQwaO7KZ8toQFyGFyDvyOzidaypRWN0uKX0hV",
        ] {
            let e = CiscoSecret::TYPE9
                .verify(b"x", &Credential::new(bad), &Limits::DEFAULT)
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed, "{bad:?}");
        }
    }
}
