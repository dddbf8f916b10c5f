//! .NET formats: ASP.NET Identity's PBKDF2 blobs, the old SqlMembershipProvider salted digests,
//! Umbraco's legacy HMAC and PeopleSoft's digest.
//!
//! * `aspnet_identity_v2`: ASP.NET Identity 2 (`Microsoft.AspNet.Identity.Crypto`) and
//!   ASP.NET Core's `PasswordHasherCompatibilityMode.IdentityV2`: base64 of
//!   `0x00 || salt[16] || PBKDF2-HMAC-SHA1(password, salt, 1000 iterations)[32]`, 49 bytes.
//! * `aspnet_identity_v3`: ASP.NET Core Identity 3+: base64 of
//!   `0x01 || prf || iterations || salt length || salt || subkey`, the three numbers 32-bit
//!   big-endian; prf 0, 1, 2 = HMAC-SHA1, -SHA256, -SHA512 (Core 2.x: SHA256 and 10 000
//!   iterations; .NET 7+: SHA512 and 100 000). The subkey is whatever follows the salt. As
//!   ASP.NET does, salt and subkey must each be at least 16 bytes; the iteration count is bounded
//!   by [`Limits::max_pbkdf2_iterations`] and the subkey by [`Limits::max_output_bytes`].
//! * `aspnet_membership_md5` / `_sha1` / `_sha256` / `_sha384` / `_sha512`:
//!   `SqlMembershipProvider` with `passwordFormat="Hashed"` and a plain (unkeyed) hash algorithm
//!   (`<membership hashAlgorithmType="...">`, SHA1 by default): base64 of
//!   `H(salt || UTF-16LE(password))`, the salt in its own column (`aspnet_Membership.PasswordSalt`,
//!   base64 of 16 random bytes: give its bytes as the credential's salt). Also Episerver 6
//!   (hashcat 141 and 1441); hashcat 40, 10840 and 1740 are the MD5, SHA384 and SHA512
//!   configurations with the digest in hex. A provider configured with a keyed algorithm
//!   (HMACSHA256) computes something else.
//! * `umbraco_hmacsha1`: Umbraco's legacy `HMACSHA1` membership hashing: base64 of
//!   HMAC-SHA1 keyed with UTF-16LE(password) over UTF-16LE(password); unsalted.
//! * `peoplesoft`: PeopleSoft `PSOPRDEFN.OPERPSWD`: base64 of SHA-1(UTF-16LE(password)); unsalted.
//!
//! .NET hashes its UTF-16 strings, so a password that is not UTF-8 cannot match anything these
//! systems stored (`Ok(false)`). The Identity blobs carry a version byte but no textual marker:
//! v3 strings all start `AQAAAA` and are identified by it; v2 only by its shape. The membership,
//! Umbraco and PeopleSoft strings are bare base64 digests, used with a scheme hint (without one a
//! membership digest is among the `ambiguous` candidates of its length). All are
//! upgraded: 1000 rounds of PBKDF2-SHA1 (v2) and single digests are far too fast.

use crate::credential::Credential;
use crate::encoding::digest_text::DigestText;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq, pbkdf2};
use crate::scheme::{Match, Scheme};

use super::common::{b64_exact, b64_padded, is_b64_shape};
use crate::encoding::utf16::password_le as utf16le;

const V2: &str = "aspnet_identity_v2";
const V3: &str = "aspnet_identity_v3";

/// `aspnet_identity_v2`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct AspNetIdentityV2;

fn parse_v2(hash: &str) -> Result<Vec<u8>> {
    let blob = b64_exact(V2, "blob", hash, 49)?;
    if blob.first() != Some(&0) {
        return Err(Error::malformed(
            V2,
            "version",
            "expected format marker 0x00",
        ));
    }
    Ok(blob)
}

impl Scheme for AspNetIdentityV2 {
    fn id(&self) -> &str {
        V2
    }

    fn identify(&self, hash: &str) -> Match {
        let b = hash.as_bytes();
        let shape = b.len() == 68
            && hash.ends_with("==")
            && b.first() == Some(&b'A')
            && b.get(1).is_some_and(|c| (b'A'..=b'P').contains(c))
            && is_b64_shape(hash);
        if shape { Match::Shape } else { Match::No }
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let blob = parse_v2(cred.hash())?;
        let (salt, subkey) = blob
            .get(1..)
            .and_then(|b| b.split_at_checked(16))
            .unwrap_or_default();
        let ours = pbkdf2::derive(V2, Algorithm::Sha1, password, salt, 1000, 32, limits)?;
        Ok(ct_eq(&ours, subkey))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        parse_v2(cred.hash())?;
        Ok(vec![
            ("prf", "HMAC-SHA1".to_owned()),
            ("iterations", "1000".to_owned()),
        ])
    }
}

/// `aspnet_identity_v3`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct AspNetIdentityV3;

struct V3Parsed {
    alg: Algorithm,
    iterations: u64,
    blob: Vec<u8>,
    salt_len: usize,
}

impl V3Parsed {
    fn salt(&self) -> &[u8] {
        self.blob.get(13..13 + self.salt_len).unwrap_or_default()
    }

    fn subkey(&self) -> &[u8] {
        self.blob.get(13 + self.salt_len..).unwrap_or_default()
    }
}

fn be32(blob: &[u8], at: usize) -> u32 {
    let mut b = [0u8; 4];
    if let Some(s) = blob.get(at..at + 4) {
        b.copy_from_slice(s);
    }
    u32::from_be_bytes(b)
}

fn parse_v3(hash: &str, limits: &Limits) -> Result<V3Parsed> {
    let blob = b64_padded(V3, "blob", hash)?;
    if blob.first() != Some(&1) {
        return Err(Error::malformed(
            V3,
            "version",
            "expected format marker 0x01",
        ));
    }
    if blob.len() < 13 {
        return Err(Error::malformed(V3, "header", "shorter than 13 bytes"));
    }
    let alg = match be32(&blob, 1) {
        0 => Algorithm::Sha1,
        1 => Algorithm::Sha256,
        2 => Algorithm::Sha512,
        _ => return Err(Error::malformed(V3, "prf", "expected 0, 1 or 2")),
    };
    let iterations = u64::from(be32(&blob, 5));
    limits.pbkdf2_iterations(V3, iterations)?;
    let salt_len = usize::try_from(be32(&blob, 9)).unwrap_or(usize::MAX);
    if salt_len < 16 {
        return Err(Error::malformed(V3, "salt length", "under 16 bytes"));
    }
    let subkey_len = (blob.len() - 13)
        .checked_sub(salt_len)
        .ok_or_else(|| Error::malformed(V3, "salt length", "past the end of the blob"))?;
    if subkey_len < 16 {
        return Err(Error::malformed(V3, "subkey", "under 16 bytes"));
    }
    limits.pbkdf2(V3, alg, iterations, subkey_len)?;
    Ok(V3Parsed {
        alg,
        iterations,
        blob,
        salt_len,
    })
}

impl Scheme for AspNetIdentityV3 {
    fn id(&self) -> &str {
        V3
    }

    fn prefixes(&self) -> &[&'static str] {
        &["AQAAAA"]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(
            hash.starts_with("AQAAAA") && hash.len().is_multiple_of(4) && is_b64_shape(hash),
        )
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = parse_v3(cred.hash(), limits)?;
        let ours = pbkdf2::derive(
            V3,
            p.alg,
            password,
            p.salt(),
            p.iterations,
            p.subkey().len(),
            limits,
        )?;
        Ok(ct_eq(&ours, p.subkey()))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = parse_v3(cred.hash(), limits)?;
        let prf = match p.alg {
            Algorithm::Sha1 => "HMAC-SHA1",
            Algorithm::Sha512 => "HMAC-SHA512",
            _ => "HMAC-SHA256",
        };
        Ok(vec![
            ("prf", prf.to_owned()),
            ("iterations", p.iterations.to_string()),
            ("salt length", p.salt_len.to_string()),
        ])
    }
}

/// The unsalted and column-salted .NET digests, base64 of a fixed-size digest.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DotNetDigest {
    id: &'static str,
    kind: DigestKind,
}

#[derive(Clone, Copy, Debug)]
enum DigestKind {
    /// `H(salt || UTF-16LE(pw))`, salt column.
    Membership(Algorithm),
    /// HMAC-SHA1, key and message UTF-16LE(pw).
    UmbracoHmac,
    /// SHA-1(UTF-16LE(pw)).
    PeopleSoft,
}

impl DotNetDigest {
    /// `aspnet_membership_sha1`.
    pub(crate) const MEMBERSHIP_SHA1: DotNetDigest = DotNetDigest {
        id: "aspnet_membership_sha1",
        kind: DigestKind::Membership(Algorithm::Sha1),
    };
    /// `aspnet_membership_sha256`.
    pub(crate) const MEMBERSHIP_SHA256: DotNetDigest = DotNetDigest {
        id: "aspnet_membership_sha256",
        kind: DigestKind::Membership(Algorithm::Sha256),
    };
    /// `aspnet_membership_md5`.
    pub(crate) const MEMBERSHIP_MD5: DotNetDigest = DotNetDigest {
        id: "aspnet_membership_md5",
        kind: DigestKind::Membership(Algorithm::Md5),
    };
    /// `aspnet_membership_sha384`.
    pub(crate) const MEMBERSHIP_SHA384: DotNetDigest = DotNetDigest {
        id: "aspnet_membership_sha384",
        kind: DigestKind::Membership(Algorithm::Sha384),
    };
    /// `aspnet_membership_sha512`.
    pub(crate) const MEMBERSHIP_SHA512: DotNetDigest = DotNetDigest {
        id: "aspnet_membership_sha512",
        kind: DigestKind::Membership(Algorithm::Sha512),
    };
    /// `umbraco_hmacsha1`.
    pub(crate) const UMBRACO: DotNetDigest = DotNetDigest {
        id: "umbraco_hmacsha1",
        kind: DigestKind::UmbracoHmac,
    };
    /// `peoplesoft`.
    pub(crate) const PEOPLESOFT: DotNetDigest = DotNetDigest {
        id: "peoplesoft",
        kind: DigestKind::PeopleSoft,
    };

    fn alg(&self) -> Algorithm {
        match self.kind {
            DigestKind::Membership(a) => a,
            DigestKind::UmbracoHmac | DigestKind::PeopleSoft => Algorithm::Sha1,
        }
    }

    fn parse<'a>(&self, cred: &'a Credential) -> Result<(Vec<u8>, &'a [u8])> {
        let digest = b64_exact(self.id, "digest", cred.hash(), self.alg().output_len())?;
        let salt = match self.kind {
            DigestKind::Membership(_) => cred.require_salt(self.id)?,
            _ => &[],
        };
        Ok((digest, salt))
    }
}

impl Scheme for DotNetDigest {
    fn id(&self) -> &str {
        self.id
    }

    fn identify(&self, hash: &str) -> Match {
        // A membership digest is a candidate wherever its base64 shape fits (a hint picks it
        // among the bare digests of that length); Umbraco's and PeopleSoft's are hint only.
        let shape = matches!(self.kind, DigestKind::Membership(_))
            && DigestText::Base64.fits(hash, self.alg().output_len())
            && !hash.bytes().all(|c| c.is_ascii_hexdigit());
        if shape { Match::Shape } else { Match::No }
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let (digest, salt) = self.parse(cred)?;
        let Some(pw) = utf16le(password) else {
            return Ok(false);
        };
        let ours = match self.kind {
            DigestKind::Membership(alg) => alg.digest(&[salt, &pw]),
            DigestKind::UmbracoHmac => Algorithm::Sha1.hmac(&pw, &[&pw]),
            DigestKind::PeopleSoft => Algorithm::Sha1.digest(&[&pw]),
        };
        Ok(ct_eq(ours.as_bytes(), &digest))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (_, salt) = self.parse(cred)?;
        Ok(match self.kind {
            DigestKind::Membership(_) => vec![("salt length", salt.len().to_string())],
            _ => Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn identity_known_answers() {
        let l = Limits::DEFAULT;
        // aspnetcore-identity-password-hasher 1.0.1 (IdentityV2 mode), password "hashcat".
        let c =
            Credential::new("AGFDp7dyh1yDQMFrgtdi3XvJqzihdGVcY8a2snPKXQATouEELsZ5ElS+p15b1p2SRg==");
        assert!(AspNetIdentityV2.verify(b"hashcat", &c, &l).unwrap());
        assert!(!AspNetIdentityV2.verify(b"hashcat1", &c, &l).unwrap());
        assert_eq!(AspNetIdentityV2.identify(c.hash()), Match::Shape);
        // The same package in V3 mode: HMAC-SHA256, 1000 iterations.
        let c = Credential::new(
            "AQAAAAEAAAPoAAAAEE4b7q6A7c+eITHKqKcVYDRn4aNhzi9ZF3xBG4v0+W2mtkGojXzT9mz3Pdsg4N1nmw==",
        );
        assert!(AspNetIdentityV3.verify(b"hashcat", &c, &l).unwrap());
        assert!(!AspNetIdentityV3.verify(b"hashcat1", &c, &l).unwrap());
        assert_eq!(AspNetIdentityV3.identify(c.hash()), Match::Exact);
        // PRF 2 (HMAC-SHA512), 1 iteration.
        let c = Credential::new(
            "AQAAAAIAAAABAAAAEM48Zw+7e5fZjRId1NBLJefT9HqGsGSUECR7xRTUL0wb0//EB3Nut76FhKDLp4SLgw==",
        );
        assert!(
            AspNetIdentityV3
                .verify(b"correct horse battery staple", &c, &l)
                .unwrap()
        );
    }

    fn v3_blob(prf: u32, iter: u32, salt_len: u32, body: usize) -> String {
        let mut b = vec![1u8];
        for n in [prf, iter, salt_len] {
            b.extend_from_slice(&n.to_be_bytes());
        }
        b.resize(13 + body, 7);
        crate::encoding::b64::encode(&crate::encoding::b64::STANDARD, &b)
    }

    #[test]
    fn identity_rejects_bad_headers() {
        let l = Limits::DEFAULT;
        for (h, kind) in [
            (v3_blob(1, 10_000, u32::MAX, 48), ErrorKind::Malformed),
            (v3_blob(1, 0, 16, 48), ErrorKind::Malformed),
            (v3_blob(1, 10_000, 0, 48), ErrorKind::Malformed),
            (v3_blob(3, 10_000, 16, 48), ErrorKind::Malformed),
            (v3_blob(1, u32::MAX, 16, 48), ErrorKind::Limit),
            (v3_blob(1, 10_000, 40, 48), ErrorKind::Malformed),
            (v3_blob(1, 10_000, 16, 20), ErrorKind::Malformed),
            (v3_blob(1, 10_000, 16, 16 + 2000), ErrorKind::Limit),
            ("AQAAAAEAACcQ".to_owned(), ErrorKind::Malformed),
            ("AQAAAAEAACcQAAAAEOjNugt3mwnk5aUiC95aYVanzDmj8/yeefu7m8e07csqapzarOo3bzxlOuw6Gpi3xQ".to_owned(), ErrorKind::Malformed),
            ("AGFDp7dyh1yDQMFrgtdi3XvJqzihdGVcY8a2snPKXQATouEELsZ5ElS+p15b1p2SRg==".to_owned(), ErrorKind::Malformed),
        ] {
            let e = AspNetIdentityV3.verify(b"x", &Credential::new(h.as_str()), &l).unwrap_err();
            assert_eq!(e.kind(), kind, "{h}");
        }
        for h in [
            "AQAAAAEAAAPoAAAAEE4b7q6A7c+eITHKqKcVYDRn4aNhzi9ZF3xBG4v0+W2mtkGojXzT9mz3Pdsg4N1nmw==",
            "AGFDp7dyh1yDQMFrgtdi3XvJqzihdGVcY8a2snPKXQATouEELsZ5ElS+p15b1p2SRg",
            "AGFDp7dyh1yDQMFrgtdi3XvJqzihdGVcY8a2snPKXQATouEELsZ5ElS+p15b1p2S",
        ] {
            let e = AspNetIdentityV2
                .verify(b"x", &Credential::new(h), &l)
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed, "{h}");
        }
    }

    #[test]
    fn digest_known_answers() {
        let l = Limits::DEFAULT;
        // hashcat's examples, password "hashcat": mode 1441 (Episerver .NET 4, SHA-256),
        // 24800 (Umbraco HMAC-SHA1), 133 (PeopleSoft).
        let c = Credential::new("8BFCg/YJBAuZs/wjbH3OWKe69BLr5Lao26ybpnD48Zk=")
            .with_salt(b"485523".to_vec());
        assert!(
            DotNetDigest::MEMBERSHIP_SHA256
                .verify(b"hashcat", &c, &l)
                .unwrap()
        );
        assert!(
            !DotNetDigest::MEMBERSHIP_SHA256
                .verify(b"hashcat1", &c, &l)
                .unwrap()
        );
        let c = Credential::new("8uigXlGMNI7BzwLCJlDbcKR2FP4=");
        assert!(DotNetDigest::UMBRACO.verify(b"hashcat", &c, &l).unwrap());
        let c = Credential::new("uXmFVrdBvv293L9kDR3VnRmx4ZM=");
        assert!(DotNetDigest::PEOPLESOFT.verify(b"hashcat", &c, &l).unwrap());
        assert!(!DotNetDigest::PEOPLESOFT.verify(&[0xff], &c, &l).unwrap());
        // SqlMembershipProvider SHA1 over a 16-byte salt (spec vector), password "password".
        let salt = crate::encoding::b64::decode(
            &crate::encoding::b64::STANDARD,
            "2HaBX47zBnGaznvfWSS0Dw==",
        )
        .unwrap();
        let c = Credential::new("23dsrRS6u0YGOzYmfsTy/oqVGBU=").with_salt(salt);
        assert!(
            DotNetDigest::MEMBERSHIP_SHA1
                .verify(b"password", &c, &l)
                .unwrap()
        );
        let e = DotNetDigest::MEMBERSHIP_SHA1
            .verify(
                b"password",
                &Credential::new("23dsrRS6u0YGOzYmfsTy/oqVGBU="),
                &l,
            )
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingContext);
        let e = DotNetDigest::PEOPLESOFT
            .verify(b"x", &Credential::new("uXmFVrdBvv293L9kDR3VnRmx4Z=="), &l)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed);
    }
}
