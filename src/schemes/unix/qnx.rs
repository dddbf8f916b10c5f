//! QNX `/etc/shadow`: `qnx_md5`, `qnx_sha256`, `qnx_sha512` (QNX 6) and `qnx7_pbkdf2_sha512`
//! (QNX 7).
//!
//! QNX 6 writes `@<t>[,<rounds>]@<hex digest>@<salt>` with `t` = `m` (MD5), `s` (SHA-256) or
//! `S` (SHA-512): one digest over the salt (its text, 16 hex digits by default) followed by
//! the password `rounds + 1` times; `rounds` is 1000 when absent (hashcat 19000/19100/19200,
//! John the Ripper's `qnx`). QNX 7 keeps the `@S` tag but writes base64:
//! `@S[,<iterations>]@<base64 of 64 bytes>@<base64 salt>`, PBKDF2-HMAC-SHA512 with 4096
//! iterations by default (hashcat 19210). A hex body of 128 digits is QNX 6, an 88-character
//! base64 body QNX 7.
//!
//! QNX 6's SHA-512 has a flaw in its final block: of the 16-byte message length field it sets
//! the low 8 bytes and 4 of the high ones, and leaves bytes 116–119 of the block as they were:
//! data of the previous block, or the padding when the message ends there. Real QNX 6 hashes
//! (those in John the Ripper's tests) match only that variant; it differs from SHA-512 once the
//! message is 116 bytes or longer. hashcat's self-test is standard SHA-512. Both are accepted:
//! the standard digest and, where it differs, QNX's, computed over one pass of the message.
//!
//! Weaknesses: QNX 6 hashes are one fast digest over about a thousand copies of the password
//! (cost grows with its length; the salt only defeats tables). Always upgraded. Rounds are
//! bounded by [`Limits::max_crypt_rounds`] and their work (the bytes hashed) by the work
//! budget; QNX 7's iterations by [`Limits::pbkdf2`].

use zeroize::Zeroizing;

use crate::cost;
use crate::credential::Credential;
use crate::encoding::{b64, hex};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::block_hash::{BlockHash, Sha512};
use crate::primitives::{Algorithm, ct_eq, number, pbkdf2};
use crate::scheme::{Match, Scheme};

/// QNX 6's rounds when the tag names none.
const QNX6_ROUNDS: u64 = 1000;
/// QNX 7's PBKDF2 iterations when the tag names none.
const QNX7_ITERATIONS: u64 = 4096;

/// The `@t[,n]@body@salt` fields.
struct Fields<'a> {
    tag: u8,
    count: Option<&'a str>,
    body: &'a str,
    salt: &'a str,
}

fn fields<'a>(scheme: &'static str, hash: &'a str) -> Result<Fields<'a>> {
    let bad = || {
        Error::malformed(
            scheme,
            "fields",
            "expected @<type>[,<rounds>]@<hash>@<salt>",
        )
    };
    let rest = hash.strip_prefix('@').ok_or_else(bad)?;
    let mut parts = rest.split('@');
    let (Some(spec), Some(body), Some(salt), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let (tag, count) = match spec.split_once(',') {
        Some((t, n)) => (t, Some(n)),
        None => (spec, None),
    };
    let [tag] = tag.as_bytes() else {
        return Err(bad());
    };
    if salt.is_empty() {
        return Err(Error::malformed(scheme, "salt", "empty"));
    }
    Ok(Fields {
        tag: *tag,
        count,
        body,
        salt,
    })
}

/// One QNX 6 digest.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Qnx6 {
    id: &'static str,
    tag: u8,
    alg: Algorithm,
}

impl Qnx6 {
    /// `@m@`: MD5.
    pub(crate) const MD5: Qnx6 = Qnx6 {
        id: "qnx_md5",
        tag: b'm',
        alg: Algorithm::Md5,
    };
    /// `@s@`: SHA-256.
    pub(crate) const SHA256: Qnx6 = Qnx6 {
        id: "qnx_sha256",
        tag: b's',
        alg: Algorithm::Sha256,
    };
    /// `@S@` with a hex body: SHA-512.
    pub(crate) const SHA512: Qnx6 = Qnx6 {
        id: "qnx_sha512",
        tag: b'S',
        alg: Algorithm::Sha512,
    };

    fn shape(&self, hash: &str) -> bool {
        fields(self.id, hash)
            .is_ok_and(|f| f.tag == self.tag && hex::is_hex_len(f.body, 2 * self.alg.output_len()))
    }

    /// Rounds, digest and salt, checked against `limits` for a password of `password_len`.
    fn parse<'a>(
        &self,
        hash: &'a str,
        password_len: usize,
        limits: &Limits,
    ) -> Result<(u64, Vec<u8>, &'a str)> {
        let f = fields(self.id, hash)?;
        if f.tag != self.tag {
            return Err(Error::malformed(
                self.id,
                "type",
                format!("expected @{}@", char::from(self.tag)),
            ));
        }
        let rounds = match f.count {
            None => QNX6_ROUNDS,
            Some(n) => number::decimal(self.id, "rounds", n)?,
        };
        limits.salt_len(self.id, f.salt.len())?;
        let digest = hex::decode(f.body)
            .filter(|d| d.len() == self.alg.output_len())
            .ok_or_else(|| {
                Error::malformed(
                    self.id,
                    "digest",
                    format!("expected {} hex digits", 2 * self.alg.output_len()),
                )
            })?;
        // The message: the salt and rounds + 1 copies of the password.
        let per_round = cost::digest(self.alg, password_len as u64).max(1);
        limits.rounds(self.id, rounds, per_round)?;
        let bytes = (password_len as u64)
            .saturating_mul(rounds.saturating_add(1))
            .saturating_add(f.salt.len() as u64);
        limits.work(self.id, cost::digest(self.alg, bytes))?;
        Ok((rounds, digest, f.salt))
    }
}

/// `H(salt || password × (rounds + 1))` for MD5 and SHA-256, through the `Digest` interface.
fn repeated<D: digest::Digest>(salt: &[u8], password: &[u8], rounds: u64) -> Zeroizing<Vec<u8>> {
    let mut h = D::new();
    h.update(salt);
    for _ in 0..=rounds {
        h.update(password);
    }
    Zeroizing::new(h.finalize().to_vec())
}

/// SHA-512 of `salt || password × (rounds + 1)`, both as the standard defines it and as QNX 6
/// computes it (bytes 116–119 of the final block left as the buffer held them).
fn qnx_sha512(
    salt: &[u8],
    password: &[u8],
    rounds: u64,
) -> (Zeroizing<[u8; 64]>, Zeroizing<[u8; 64]>) {
    let mut state = Zeroizing::new(Sha512::IV);
    // The one 128-byte buffer data passes through, as in QNX's (and John the Ripper's) code:
    // after a block is compressed its bytes stay until overwritten.
    let mut buffer = Zeroizing::new([0u8; 128]);
    let mut total: u64 = 0;
    let feed = |data: &[u8], state: &mut [u64; 8], buffer: &mut [u8; 128], total: &mut u64| {
        for &b in data {
            let at = (*total % 128) as usize;
            buffer[at] = b;
            *total += 1;
            if at == 127 {
                Sha512::compress(state, core::slice::from_ref(buffer));
            }
        }
    };
    feed(salt, &mut state, &mut buffer, &mut total);
    for _ in 0..=rounds {
        feed(password, &mut state, &mut buffer, &mut total);
    }
    let off = (total % 128) as usize;

    // QNX's four bytes: what the buffer holds at 116..120 once its padding marker is written.
    let mut stale = [0u8; 4];
    if total >= 116 {
        let mut b = *buffer;
        if (112..121).contains(&off) {
            b[off] = 0x80;
            for x in &mut b[off + 1..121] {
                *x = 0;
            }
        }
        stale.copy_from_slice(&b[116..120]);
    }

    let finish = |stale: [u8; 4]| -> Zeroizing<[u8; 64]> {
        let mut s = *state;
        let mut tail = Zeroizing::new([0u8; 256]);
        tail[..off].copy_from_slice(&buffer[..off]);
        tail[off] = 0x80;
        let blocks = if off < 112 { 1 } else { 2 };
        let end = blocks * 128;
        tail[end - 16..end - 12].fill(0);
        tail[end - 12..end - 8].copy_from_slice(&stale);
        tail[end - 8..end].copy_from_slice(&total.saturating_mul(8).to_be_bytes());
        for block in tail[..end].chunks_exact(128) {
            let mut b = [0u8; 128];
            b.copy_from_slice(block);
            Sha512::compress(&mut s, core::slice::from_ref(&b));
        }
        let mut out = Zeroizing::new([0u8; 64]);
        Sha512::output(&s, &mut out[..]);
        out
    };
    (finish([0; 4]), finish(stale))
}

impl Scheme for Qnx6 {
    fn id(&self) -> &str {
        self.id
    }

    fn prefixes(&self) -> &[&'static str] {
        match self.tag {
            b'm' => &["@m@", "@m,"],
            b's' => &["@s@", "@s,"],
            _ => &["@S@", "@S,"],
        }
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(self.shape(hash))
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let (rounds, digest, salt) = self.parse(cred.hash(), password.len(), limits)?;
        let salt = salt.as_bytes();
        Ok(match self.alg {
            Algorithm::Md5 => ct_eq(&repeated::<md5::Md5>(salt, password, rounds), &digest),
            Algorithm::Sha256 => ct_eq(&repeated::<sha2::Sha256>(salt, password, rounds), &digest),
            _ => {
                let (standard, qnx) = qnx_sha512(salt, password, rounds);
                ct_eq(&standard[..], &digest) | ct_eq(&qnx[..], &digest)
            }
        })
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (rounds, _, salt) = self.parse(cred.hash(), 0, limits)?;
        Ok(vec![
            ("rounds", rounds.to_string()),
            ("salt", salt.to_owned()),
        ])
    }
}

/// `qnx7_pbkdf2_sha512`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Qnx7;

const QNX7: &str = "qnx7_pbkdf2_sha512";

/// Whether `body` is base64 of 64 bytes, as QNX 7 writes it.
fn qnx7_body(body: &str) -> bool {
    crate::encoding::digest_text::DigestText::Base64.fits(body, 64)
}

fn parse_qnx7(hash: &str, limits: &Limits) -> Result<(u64, Vec<u8>, Vec<u8>)> {
    let f = fields(QNX7, hash)?;
    if f.tag != b'S' || !qnx7_body(f.body) {
        return Err(Error::malformed(
            QNX7,
            "digest",
            "expected @S@ and base64 of 64 bytes",
        ));
    }
    let iterations = match f.count {
        None => QNX7_ITERATIONS,
        Some(n) => number::decimal(QNX7, "iterations", n)?,
    };
    let digest = b64::decode(&b64::STANDARD, f.body)
        .filter(|d| d.len() == 64)
        .ok_or_else(|| Error::malformed(QNX7, "digest", "not base64 of 64 bytes"))?;
    let salt = b64::decode(&b64::STANDARD, f.salt)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Error::malformed(QNX7, "salt", "not base64"))?;
    limits.salt_len(QNX7, salt.len())?;
    limits.pbkdf2(QNX7, Algorithm::Sha512, iterations, 64)?;
    Ok((iterations, digest, salt))
}

impl Scheme for Qnx7 {
    fn id(&self) -> &str {
        QNX7
    }

    fn prefixes(&self) -> &[&'static str] {
        &["@S@", "@S,"]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(fields(QNX7, hash).is_ok_and(|f| f.tag == b'S' && qnx7_body(f.body)))
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let (iterations, digest, salt) = parse_qnx7(cred.hash(), limits)?;
        let ours = pbkdf2::derive(
            QNX7,
            Algorithm::Sha512,
            password,
            &salt,
            iterations,
            64,
            limits,
        )?;
        Ok(ct_eq(&ours, &digest))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (iterations, _, salt) = parse_qnx7(cred.hash(), limits)?;
        Ok(vec![
            ("iterations", iterations.to_string()),
            ("salt_bytes", salt.len().to_string()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn check(s: &dyn Scheme, pw: &str, h: &str) -> Result<bool> {
        s.verify(pw.as_bytes(), &Credential::new(h), &Limits::DEFAULT)
    }

    #[test]
    fn john_the_ripper_tests() {
        for (s, h, pw) in [
            (
                Qnx6::MD5,
                "@m@bde10f1a1119328c64594c52df3165cf@6e1f9a390d50a85c",
                "password",
            ),
            (
                Qnx6::SHA256,
                "@s@1de2b7922fa592a0100a1b2b43ea206427cc044917bf9ad219f17c5db0af0452@36bdb8080d25f44f",
                "password",
            ),
            // Real QNX 6 SHA-512 hashes: only QNX's variant matches them.
            (
                Qnx6::SHA512,
                "@S@386d4be6fe9625c014b2486d8617ccfc521566be190d8a982b93698b99e0e3e3a18464281a514d5dda3ec5581389086f42b5dde023e934221bbe2e0106674cf7@129b6761",
                "password",
            ),
            (
                Qnx6::SHA512,
                "@S,98@4e1c05c14b3b590326219db534615139de00ebe8f66a571467bfaac324c975e97c85702a40aa48f660eaac0095d4c1aa0607092b0af3f2935ba4b23ce01e47b1@abcd1234abcd1234",
                "3",
            ),
            (
                Qnx6::SHA512,
                "@S,104@accfddb4f51ce2e3c48e11716e09a5c7abd961d4d5cf61e821df865898ff3578a5529c322f83865aa2d33706288797e428472f1ae3841f7b093fec382e462a09@abcd1234abcd1234",
                "3",
            ),
            (
                Qnx6::SHA512,
                "@S,111@57e31e7a28fa390a4b016ea6ef97d3827db4d24395a1e36dbcb029ab503d3658c450bca4244a2be1f0fa4ead24899dfd74decfa3f01d08e465b360f3917c7e18@abcd1234abcd1234",
                "3",
            ),
        ] {
            assert_eq!(s.identify(h), Match::Exact, "{h}");
            assert!(check(&s, pw, h).unwrap(), "{h}");
            assert!(!check(&s, "4", h).unwrap(), "{h}");
        }
    }

    #[test]
    fn qnx_variant_is_standard_below_116_bytes() {
        for (len, differs) in [(115, false), (116, true), (200, true)] {
            let pw = vec![b'a'; len - 8];
            let (standard, qnx) = qnx_sha512(b"12345678", &pw, 0);
            assert_eq!(
                &standard[..],
                Algorithm::Sha512.digest(&[b"12345678", &pw]).as_bytes()
            );
            assert_eq!(standard != qnx, differs, "{len}");
        }
    }

    #[test]
    fn hashcat_self_tests() {
        // hashcat 19000, 19100, 19200 (standard SHA-512) and 19210 (QNX 7).
        for (s, h) in [
            (
                &Qnx6::MD5 as &dyn Scheme,
                "@m@75f6f129f9c9e77b6b1b78f791ed764a@8741857532330050",
            ),
            (
                &Qnx6::SHA256,
                "@s@0b365cab7e17ee1e7e1a90078501cc1aa85888d6da34e2f5b04f5c614b882a93@5498317092471604",
            ),
            (
                &Qnx6::SHA512,
                "@S@715df9e94c097805dd1e13c6a40f331d02ce589765a2100ec7435e76b978d5efc364ce10870780622cee003c9951bd92ec1020c924b124cfff7e0fa1f73e3672@2257314490293159",
            ),
            (
                &Qnx7,
                "@S@vm2nBGHes6QkXra0f74XmouSiRzjYD3r/0py+txv0Kr8A4hCPMGFHoZqr41JFiYcJPPOeIheqFseMyLyw/15Pw==@NDY2MDEwNjk3YjBjYzM2MzliMzc3Mzc0ZTNiMTAzNzE=",
            ),
        ] {
            assert_eq!(s.identify(h), Match::Exact, "{h}");
            assert!(check(s, "hashcat", h).unwrap(), "{h}");
            assert!(!check(s, "hashcaT", h).unwrap(), "{h}");
        }
        let q7 = "@S@vm2nBGHes6QkXra0f74XmouSiRzjYD3r/0py+txv0Kr8A4hCPMGFHoZqr41JFiYcJPPOeIheqFseMyLyw/15Pw==@NDY2MDEwNjk3YjBjYzM2MzliMzc3Mzc0ZTNiMTAzNzE=";
        assert_eq!(Qnx6::SHA512.identify(q7), Match::No);
    }

    #[test]
    fn rejects_malformed_and_bounds() {
        for (s, h, kind) in [
            (
                &Qnx6::MD5 as &dyn Scheme,
                "@m@bde10f1a@6e1f9a390d50a85c",
                ErrorKind::Malformed,
            ),
            (
                &Qnx6::MD5,
                "@m@bde10f1a1119328c64594c52df3165cf@",
                ErrorKind::Malformed,
            ),
            (
                &Qnx6::MD5,
                "@m,x@bde10f1a1119328c64594c52df3165cf@6e",
                ErrorKind::Malformed,
            ),
            (
                &Qnx6::MD5,
                "@s@bde10f1a1119328c64594c52df3165cf@6e",
                ErrorKind::Malformed,
            ),
            (
                &Qnx6::MD5,
                "@m@bde10f1a1119328c64594c52df3165cf@6e@x",
                ErrorKind::Malformed,
            ),
            (
                &Qnx6::MD5,
                "@m,99999999@bde10f1a1119328c64594c52df3165cf@6e",
                ErrorKind::Limit,
            ),
            (
                &Qnx7,
                "@S,0@vm2nBGHes6QkXra0f74XmouSiRzjYD3r/0py+txv0Kr8A4hCPMGFHoZqr41JFiYcJPPOeIheqFseMyLyw/15Pw==@NDY2",
                ErrorKind::Malformed,
            ),
            (
                &Qnx7,
                "@S,99999999@vm2nBGHes6QkXra0f74XmouSiRzjYD3r/0py+txv0Kr8A4hCPMGFHoZqr41JFiYcJPPOeIheqFseMyLyw/15Pw==@NDY2",
                ErrorKind::Limit,
            ),
            (&Qnx7, "@S@vm2n@NDY2", ErrorKind::Malformed),
        ] {
            let e = check(s, "3", h).unwrap_err();
            assert_eq!(e.kind(), kind, "{h}");
        }
        // A long password's rounds run into the work budget.
        let long = "x".repeat(4096);
        let e = check(&Qnx6::SHA512, &long, "@S,2000000@386d4be6fe9625c014b2486d8617ccfc521566be190d8a982b93698b99e0e3e3a18464281a514d5dda3ec5581389086f42b5dde023e934221bbe2e0106674cf7@129b6761").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Limit);
    }
}
