//! `dovecot_cram_md5`: Dovecot's `{CRAM-MD5}` passdb scheme.
//!
//! CRAM-MD5 (RFC 2195) needs HMAC-MD5 keyed with the password, so Dovecot stores what HMAC
//! computes from the key alone: the MD5 state after the outer pad block (key XOR `0x5c`), then
//! the state after the inner pad block (key XOR `0x36`), each as four 32-bit words in
//! little-endian order (`hmac_md5_get_cram_context`), 32 bytes written as 64 hex digits
//! (`doveadm pw -s CRAM-MD5`). A password longer than MD5's 64-byte block is first replaced by
//! its MD5, as RFC 2104 says and Dovecot's `hmac_init` does. The marker is ASCII
//! case-insensitive and takes Dovecot's `.HEX`/`.B64` suffixes.
//!
//! Both halves are recomputed and compared. hashcat's mode 16400 checks only the outer one (its
//! self-test carries zeros for the inner half, which Dovecot never writes and which is no match
//! here).
//!
//! Weaknesses: unsalted, one MD5 compression per half; the stored value is password-equivalent
//! for CRAM-MD5 logins. Always upgraded.

use crate::credential::Credential;
use crate::encoding::digest_text::DigestText;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::block_hash::{BlockHash, Md5};
use crate::primitives::{Algorithm, ct_eq};
use crate::scheme::{Match, Scheme};

use super::marker::Marked;

const ID: &str = "dovecot_cram_md5";
const NAME: &str = "CRAM-MD5";

/// `dovecot_cram_md5`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct DovecotCramMd5;

/// The stored outer and inner states, 32 bytes.
fn parse(hash: &str) -> Result<Vec<u8>> {
    let m = Marked::expect(ID, hash, NAME)?;
    let text = m.expect_encoding(ID)?.unwrap_or(DigestText::Hex);
    text.decode_exact(m.body, 32).ok_or_else(|| {
        Error::malformed(
            ID,
            "digest",
            format!("expected 32 bytes (two MD5 states) in {}", text.name()),
        )
    })
}

/// Dovecot's CRAM-MD5 context of `password`: the outer state, then the inner one, little-endian.
pub(crate) fn cram_context(password: &[u8]) -> [u8; 32] {
    let mut key = zeroize::Zeroizing::new([0u8; 64]);
    if password.len() > 64 {
        key[..16].copy_from_slice(Algorithm::Md5.digest(&[password]).as_bytes());
    } else {
        key[..password.len()].copy_from_slice(password);
    }
    let mut out = [0u8; 32];
    for (half, pad) in out.chunks_exact_mut(16).zip([0x5c_u8, 0x36]) {
        let mut block = zeroize::Zeroizing::new(*key);
        for b in block.iter_mut() {
            *b ^= pad;
        }
        let mut state = zeroize::Zeroizing::new(Md5::IV);
        Md5::compress(&mut state, core::slice::from_ref(&*block));
        Md5::output(&state, half);
    }
    out
}

impl Scheme for DovecotCramMd5 {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &[
            "{CRAM-MD5}",
            "{cram-md5}",
            "{CRAM-MD5.HEX}",
            "{CRAM-MD5.B64}",
        ]
    }

    fn identify(&self, hash: &str) -> Match {
        match Marked::named(hash, NAME) {
            Some(m) if m.encoding().is_ok() => Match::Exact,
            _ => Match::No,
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let stored = parse(cred.hash())?;
        let mut ours = cram_context(password);
        let same = ct_eq(&ours, &stored);
        zeroize::Zeroize::zeroize(&mut ours);
        Ok(same)
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

    /// `doveadm pw -s CRAM-MD5 -p hashcat` (Dovecot 2.3.19.1).
    const HASHCAT: &str =
        "{CRAM-MD5}5389b33b9725e5657cb631dc50017ff1535ce4e2a1c414009126506fc4327d0d";

    /// Continue the stored states into a full HMAC-MD5 of `message` (RFC 2104): the inner
    /// state over the message, then the outer state over the inner digest.
    fn continue_hmac(states: &[u8], message: &[u8]) -> [u8; 16] {
        let state = |half: &[u8]| {
            let mut s = [0u32; 4];
            for (w, b) in s.iter_mut().zip(half.chunks_exact(4)) {
                *w = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            }
            s
        };
        let finish = |mut s: [u32; 4], tail: &[u8]| {
            let mut msg = tail.to_vec();
            let blocks = Md5::padded_blocks(64 + tail.len()) - 1;
            msg.resize(blocks * 64, 0);
            Md5::pad(&mut msg, tail.len(), 64 + tail.len());
            let blocks: Vec<[u8; 64]> = msg
                .chunks_exact(64)
                .map(|c| c.try_into().unwrap())
                .collect();
            Md5::compress(&mut s, &blocks);
            let mut out = [0u8; 16];
            Md5::output(&s, &mut out);
            out
        };
        let inner = finish(state(&states[16..]), message);
        finish(state(&states[..16]), &inner)
    }

    #[test]
    fn doveadm_known_answers() {
        let l = Limits::DEFAULT;
        assert_eq!(DovecotCramMd5.identify(HASHCAT), Match::Exact);
        assert!(
            DovecotCramMd5
                .verify(b"hashcat", &Credential::new(HASHCAT), &l)
                .unwrap()
        );
        assert!(
            !DovecotCramMd5
                .verify(b"hashcaT", &Credential::new(HASHCAT), &l)
                .unwrap()
        );
        // hashcat's self-test, inner half zeroed: not what Dovecot stores.
        let zeroed = "{CRAM-MD5}5389b33b9725e5657cb631dc50017ff100000000000000000000000000000000";
        assert!(
            !DovecotCramMd5
                .verify(b"hashcat", &Credential::new(zeroed), &l)
                .unwrap()
        );
    }

    #[test]
    fn the_states_are_an_hmac_context() {
        let states = parse(HASHCAT).unwrap();
        let msg = b"<1896.697170952@postoffice.example.net>";
        let want = Algorithm::Md5.hmac(b"hashcat", &[msg]);
        assert_eq!(&continue_hmac(&states, msg), want.as_bytes());
        // A key over one block is hashed first.
        let long = [b'k'; 100];
        let ctx = cram_context(&long);
        assert_eq!(
            &continue_hmac(&ctx, msg),
            Algorithm::Md5.hmac(&long, &[msg]).as_bytes()
        );
    }

    #[test]
    fn rejects_malformed() {
        for h in [
            "{CRAM-MD5}5389b33b9725e5657cb631dc50017ff1",
            "{CRAM-MD5}5389b33b9725e5657cb631dc50017ff1535ce4e2a1c414009126506fc4327d0z",
            "{CRAM-MD5.B32}5389b33b9725e5657cb631dc50017ff1535ce4e2a1c414009126506fc4327d0d",
            "{CRAM-SHA1}5389b33b9725e5657cb631dc50017ff1535ce4e2a1c414009126506fc4327d0d",
        ] {
            let e = DovecotCramMd5
                .verify(b"x", &Credential::new(h), &Limits::DEFAULT)
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed, "{h}");
        }
    }
}
