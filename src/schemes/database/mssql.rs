//! Microsoft SQL Server login hashes, as `sys.sql_logins.password_hash` or
//! `LOGINPROPERTY(name, 'PasswordHash')` shows them: `0x`, a two-byte version, a 4-byte salt and
//! the digest of the UTF-16LE password followed by the salt, all in hex.
//!
//! * **mssql2000** (SQL Server 7/2000): version `0100`, then SHA1 of the password and SHA1 of the
//!   upper-cased password. Only the upper-case half is checked, as SQL Server 2000 (for
//!   case-insensitive servers), passlib and hashcat (mode 131) do; hashcat's own example has the
//!   case-sensitive half zeroed. So the password is case-insensitive ([`Scheme::truncates`]
//!   reports passwords that upper-casing changes).
//! * **mssql2005** (SQL Server 2005 to 2008 R2): version `0100`, SHA1 only (told from 2000 by
//!   length).
//! * **mssql2012** (SQL Server 2012+): version `0200`, SHA-512.
//!
//! One unsalted-in-practice digest per guess (the salt is 4 bytes): always upgraded. Passwords are
//! text to SQL Server; bytes that are not UTF-8 cannot match.

use crate::credential::Credential;
use crate::encoding::{hex, utf16};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq};
use crate::scheme::{Match, Scheme};

/// One SQL Server hash layout.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mssql {
    id: &'static str,
    marker: &'static str,
    alg: Algorithm,
    /// Digests stored after the salt (two for 2000).
    digests: usize,
}

impl Mssql {
    /// SQL Server 2000: SHA1 of the password and of its upper-case form.
    pub(crate) const MSSQL2000: Mssql = Mssql {
        id: "mssql2000",
        marker: "0x0100",
        alg: Algorithm::Sha1,
        digests: 2,
    };
    /// SQL Server 2005: SHA1.
    pub(crate) const MSSQL2005: Mssql = Mssql {
        id: "mssql2005",
        marker: "0x0100",
        alg: Algorithm::Sha1,
        digests: 1,
    };
    /// SQL Server 2012 and later: SHA-512.
    pub(crate) const MSSQL2012: Mssql = Mssql {
        id: "mssql2012",
        marker: "0x0200",
        alg: Algorithm::Sha512,
        digests: 1,
    };

    fn hex_len(&self) -> usize {
        8 + 2 * self.alg.output_len() * self.digests
    }

    /// (salt, the digest to compare).
    fn parse(&self, hash: &str) -> Result<([u8; 4], Vec<u8>)> {
        let rest = hash.strip_prefix(self.marker).ok_or_else(|| {
            Error::malformed(self.id, "prefix", format!("expected {}", self.marker))
        })?;
        if !hex::is_hex_len(rest, self.hex_len()) {
            return Err(Error::malformed(
                self.id,
                "digest",
                format!("expected {} hex digits after the version", self.hex_len()),
            ));
        }
        let (salt, digests) = rest.split_at(8);
        let salt = hex::decode_array::<4>(salt)
            .ok_or_else(|| Error::malformed(self.id, "salt", "expected 8 hex digits"))?;
        // The last digest: the only one, or 2000's upper-case half.
        let checked = &digests[digests.len() - 2 * self.alg.output_len()..];
        let digest =
            hex::decode(checked).ok_or_else(|| Error::malformed(self.id, "digest", "not hex"))?;
        Ok((salt, digest))
    }
}

impl Scheme for Mssql {
    fn id(&self) -> &str {
        self.id
    }

    fn prefixes(&self) -> &[&'static str] {
        std::slice::from_ref(&self.marker)
    }

    fn identify(&self, hash: &str) -> Match {
        // The version bytes are a weak marker and 2000/2005 share them: the length decides.
        match hash.strip_prefix(self.marker) {
            Some(rest) if hex::is_hex_len(rest, self.hex_len()) => Match::Exact,
            _ => Match::No,
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let (salt, stored) = self.parse(cred.hash())?;
        let Ok(text) = std::str::from_utf8(password) else {
            return Ok(false);
        };
        let encoded = if self.digests == 2 {
            utf16::le(&zeroize::Zeroizing::new(text.to_uppercase()))
        } else {
            utf16::le(text)
        };
        let ours = self.alg.digest(&[&encoded, &salt]);
        Ok(ct_eq(ours.as_bytes(), &stored))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (salt, _) = self.parse(cred.hash())?;
        Ok(vec![("salt", hex::encode_upper(&salt))])
    }

    fn truncates(&self, password: &[u8]) -> bool {
        self.digests == 2 && std::str::from_utf8(password).map_or(true, |t| t.to_uppercase() != t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn verify(s: &Mssql, pw: &[u8], hash: &str) -> Result<bool> {
        s.verify(pw, &Credential::new(hash), &Limits::DEFAULT)
    }

    #[test]
    fn mssql2000_checks_the_upper_case_half() {
        // hashcat's mode 131 example: the case-sensitive half is zeroed.
        let h = "0x0100778883860000000000000000000000000000000000000000\
                 eda3604e067a06f2732b05b9cb90b8a710996939";
        assert!(verify(&Mssql::MSSQL2000, b"HASHCAT", h).unwrap());
        assert!(verify(&Mssql::MSSQL2000, b"hashcat", h).unwrap());
        assert!(!verify(&Mssql::MSSQL2000, b"hashcat1", h).unwrap());
        assert!(!verify(&Mssql::MSSQL2000, b"\xff", h).unwrap());
        assert!(Mssql::MSSQL2000.truncates(b"hashcat"));
        assert!(!Mssql::MSSQL2000.truncates(b"HASHCAT1"));
        assert_eq!(Mssql::MSSQL2000.identify(h), Match::Exact);
        assert_eq!(Mssql::MSSQL2005.identify(h), Match::No);
    }

    #[test]
    fn mssql2005_and_2012_known_answers() {
        // hashcat's mode 132 and 1731 examples.
        let h2005 = "0x010045083578bf13a6e30ca29c40e540813772754d54a5ffd325";
        assert!(verify(&Mssql::MSSQL2005, b"hashcat", h2005).unwrap());
        assert!(!verify(&Mssql::MSSQL2005, b"HASHCAT", h2005).unwrap());
        assert_eq!(Mssql::MSSQL2005.identify(h2005), Match::Exact);
        assert_eq!(Mssql::MSSQL2000.identify(h2005), Match::No);
        let h2012 = "0x02003788006711b2e74e7d8cb4be96b1d187c962c5591a02d5a6ae81b3a4a094b2\
                     6b7877958b26733e45016d929a756ed30d0a5ee65d3ce1970f9b7bf946e705c595f07625b1";
        assert!(verify(&Mssql::MSSQL2012, b"hashcat", h2012).unwrap());
        assert!(!verify(&Mssql::MSSQL2012, b"hashcat1", h2012).unwrap());
        assert!(!Mssql::MSSQL2012.truncates(b"hashcat"));
    }

    #[test]
    fn rejects_malformed() {
        let h2012 = "0x02003788006711b2e74e7d8cb4be96b1d187c962c5591a02d5a6ae81b3a4a094b2\
                     6b7877958b26733e45016d929a756ed30d0a5ee65d3ce1970f9b7bf946e705c595f07625b1";
        for bad in [
            "0x02003788006711b",
            &h2012[..136],
            &format!("{h2012}A"),
            &format!("{h2012} "),
            &h2012.replace("0x0200", "0x0100"),
            &h2012.replace("3788", "37g8"),
        ] {
            assert_eq!(
                verify(&Mssql::MSSQL2012, b"x", bad).unwrap_err().kind(),
                ErrorKind::Malformed,
                "{bad}"
            );
        }
    }
}
