//! The digest family: bare digests with no marker of their own (`hex_md5`, `salted_sha256`,
//! `htdigest`), and clear text (`plaintext`, `roundup_plaintext`).
//!
//! A bare digest cannot be told from the string: 32 hex digits are MD5, MD4, NT, an htdigest
//! entry or a salted MD5 alike, and 40 are SHA-1 or salted SHA-1 (or, to other families, a
//! MySQL 4.1 hash without its `*`). So these schemes answer [`crate::Match::Shape`] at most, a
//! string of digest shape comes back `ambiguous` listing every candidate, and the caller names
//! the scheme with a hint (the export readers do this from the column they read). The shapes
//! taken are the canonical ones: `2n` hex digits of either case, or padded standard base64 of
//! `n` bytes. Plain text cannot be recognised at all and is used only with the hint.

use std::sync::Arc;

use crate::credential::Credential;
use crate::encoding::digest_text::DigestText;
use crate::error::{Error, Result};
use crate::scheme::{Match, Scheme};

pub(crate) mod hex;
pub(crate) mod htdigest;
pub(crate) mod plaintext;
pub(crate) mod salted;

/// This family's schemes, in identification order.
pub(crate) fn schemes() -> Vec<Arc<dyn Scheme>> {
    let mut all: Vec<Arc<dyn Scheme>> = vec![Arc::new(plaintext::RoundupPlaintext)];
    all.extend(hex::HexDigest::ALL.map(|s| Arc::new(s) as Arc<dyn Scheme>));
    all.extend(salted::SaltedDigest::ALL.map(|s| Arc::new(s) as Arc<dyn Scheme>));
    all.push(Arc::new(htdigest::Htdigest));
    all.push(Arc::new(plaintext::Plaintext));
    all
}

/// [`Match::Shape`] when `hash` is a `len`-byte digest in canonical hex or base64.
fn digest_shape(hash: &str, len: usize) -> Match {
    if DigestText::Hex.fits(hash, len) || DigestText::Base64.fits(hash, len) {
        Match::Shape
    } else {
        Match::No
    }
}

/// Decode the stored `len`-byte digest, in the encoding `params.encoding` names (`hex`,
/// `base64`), or else the one its length says.
fn stored_digest(
    scheme: &'static str,
    cred: &Credential,
    len: usize,
) -> Result<(DigestText, Vec<u8>)> {
    let hash = cred.hash();
    let text = match cred.params().get("encoding") {
        None => DigestText::guess(hash, len),
        Some(name) => DigestText::from_name(name)
            .ok_or_else(|| Error::malformed(scheme, "params.encoding", "expected hex or base64"))?,
    };
    let digest = text.decode_exact(hash, len).ok_or_else(|| {
        Error::malformed(
            scheme,
            "digest",
            format!("expected {len} bytes in {}", text.name()),
        )
    })?;
    Ok((text, digest))
}

#[cfg(test)]
mod tests {
    use crate::{ErrorKind, Registry};

    #[test]
    fn bare_digests_are_ambiguous() {
        let reg = Registry::default();
        let e = reg
            .identify("5f4dcc3b5aa765d61d8327deb882cf99")
            .err()
            .map(|e| e.kind());
        assert_eq!(e, Some(ErrorKind::Ambiguous));
        let text = reg
            .identify("5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            text.contains("hex_sha1") && text.contains("salted_sha1"),
            "{text}"
        );
        assert_eq!(
            reg.identify("{plaintext}x").map(|s| s.id()).ok(),
            Some("roundup_plaintext")
        );
        assert_eq!(
            reg.identify("password").err().map(|e| e.kind()),
            Some(ErrorKind::Unsupported)
        );
    }
}
