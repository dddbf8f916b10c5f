//! `anope_enc_sha256`: Anope IRC services' `enc_sha256` module (`anope.db`):
//! `sha256:<64 hex>:<64 hex>`.
//!
//! The module hashes the password with SHA-256 started from a random initial value instead of
//! the standard one: the second field is that initial value (eight 32-bit words, big-endian),
//! the first the resulting digest (hashcat 30700; the message length counts the password only).
//! Recognised by its prefix and shape. Weaknesses: one SHA-256; the "IV" is a salt in all but
//! name. Always upgraded.

use crate::credential::Credential;
use crate::encoding::hex;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::block_hash::{BlockHash, Sha256};
use crate::primitives::ct_eq;
use crate::scheme::{Match, Scheme};

const ID: &str = "anope_enc_sha256";
const PREFIX: &str = "sha256:";

/// `anope_enc_sha256`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct AnopeSha256;

fn parse(hash: &str) -> Result<([u8; 32], [u32; 8])> {
    let rest = hash
        .strip_prefix(PREFIX)
        .ok_or_else(|| Error::malformed(ID, "prefix", "expected sha256:"))?;
    let (digest, iv) = rest
        .split_once(':')
        .ok_or_else(|| Error::malformed(ID, "fields", "expected <digest>:<iv>"))?;
    let digest = hex::decode_array::<32>(digest)
        .ok_or_else(|| Error::malformed(ID, "digest", "expected 64 hex digits"))?;
    let iv = hex::decode_array::<32>(iv)
        .ok_or_else(|| Error::malformed(ID, "iv", "expected 64 hex digits"))?;
    let words = std::array::from_fn(|i| {
        u32::from_be_bytes([iv[4 * i], iv[4 * i + 1], iv[4 * i + 2], iv[4 * i + 3]])
    });
    Ok((digest, words))
}

/// SHA-256 of `message` from the initial value `iv`.
fn sha256_from(iv: [u32; 8], message: &[u8]) -> [u8; 32] {
    let mut state = zeroize::Zeroizing::new(iv);
    let mut blocks = message.chunks_exact(64);
    for block in blocks.by_ref() {
        let mut b = zeroize::Zeroizing::new([0u8; 64]);
        b.copy_from_slice(block);
        Sha256::compress(&mut state, core::slice::from_ref(&*b));
    }
    let tail = blocks.remainder();
    let mut last = zeroize::Zeroizing::new(vec![0u8; Sha256::padded_blocks(tail.len()) * 64]);
    last[..tail.len()].copy_from_slice(tail);
    Sha256::pad(&mut last, tail.len(), message.len());
    for block in last.chunks_exact(64) {
        let mut b = zeroize::Zeroizing::new([0u8; 64]);
        b.copy_from_slice(block);
        Sha256::compress(&mut state, core::slice::from_ref(&*b));
    }
    let mut out = [0u8; 32];
    Sha256::output(&state, &mut out);
    out
}

impl Scheme for AnopeSha256 {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &[PREFIX]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(parse(hash).is_ok())
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let (digest, iv) = parse(cred.hash())?;
        Ok(ct_eq(&sha256_from(iv, password), &digest))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        parse(cred.hash())?;
        Ok(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::primitives::Algorithm;

    #[test]
    fn standard_iv_is_plain_sha256() {
        let iv = Sha256::IV;
        for msg in [&b""[..], b"abc", &[7u8; 55], &[7u8; 56], &[9u8; 200]] {
            assert_eq!(
                &sha256_from(iv, msg),
                Algorithm::Sha256.digest(&[msg]).as_bytes()
            );
        }
    }

    #[test]
    fn hashcat_self_test() {
        let l = Limits::DEFAULT;
        let h = "sha256:ab67666e1f91cd38c0ab5bee9c8d2132eca7460354477109a739d4e735b14131:47bcfd0d573653943231df07445da774e5d06465c897ce40578b120bde187e26";
        assert_eq!(AnopeSha256.identify(h), Match::Exact);
        assert!(
            AnopeSha256
                .verify(b"hashcat", &Credential::new(h), &l)
                .unwrap()
        );
        assert!(
            !AnopeSha256
                .verify(b"hashcaT", &Credential::new(h), &l)
                .unwrap()
        );
        for bad in [
            "sha256:ab67:47bc",
            "sha256:ab67666e1f91cd38c0ab5bee9c8d2132eca7460354477109a739d4e735b14131",
            "sha256:",
        ] {
            assert_eq!(AnopeSha256.identify(bad), Match::No);
            let e = AnopeSha256
                .verify(b"x", &Credential::new(bad), &l)
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed);
        }
    }
}
