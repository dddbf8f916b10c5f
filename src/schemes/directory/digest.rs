//! Unsalted digests behind a `{SCHEME}` marker: RFC 2307 `{MD5}`/`{SHA}` and Dovecot's fixed-size
//! schemes (`{SHA1}`, `{SHA256}`, `{SHA512}`, `{PLAIN-MD4}`, `{PLAIN-MD5}`, `{LDAP-MD5}`,
//! `{DIGEST-MD5}`).
//!
//! Producers: OpenLDAP `slappasswd -h {MD5}|{SHA}`, Netscape/389-ds, Apache `htpasswd -s`
//! (`{SHA}`), passlib, Roundup and Courier (hex `{SHA}`/`{MD5}`), Dovecot `doveadm pw`.
//!
//! Encodings. RFC 2307 writes the digest in base64 (`ldap_md5`, `ldap_sha1`); passlib, Roundup
//! and some PHP tools write hex under the same markers (`ldap_hex_md5`, `ldap_hex_sha1`), told
//! apart by the body: exactly 32 or 40 hex digits is hex, anything else is read as base64.
//! Dovecot reads every fixed-size scheme both ways by the same length rule and lets the name
//! force one with a suffix (`{SHA256.HEX}`, `{SHA512.B64}`); `{SHA.HEX}` and `{SHA.B64}` are
//! accepted for the same reason. Dovecot's `{MD5}` is md5-crypt or a PLAIN-MD5 digest, so a
//! `{MD5}$1$...` string is `dovecot_md5` (registered before these) and the digest forms keep
//! their passlib names.
//!
//! `{DIGEST-MD5}` is MD5 over `user:realm:password` (RFC 2831's A1 secret): the caller must
//! supply the login name; Dovecot takes the realm from after its last `@` (`alice@example.com`
//! is user `alice`, realm `example.com`; `bob` has an empty realm).
//!
//! Weaknesses: one unsalted fast digest; identical passwords give identical values and
//! precomputed tables apply. Always upgraded.

use crate::credential::Credential;
use crate::encoding::digest_text::DigestText;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq};
use crate::scheme::{Match, Scheme};

use super::marker::Marked;

/// How the digest after the marker is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Text {
    /// Hex only: `{NAME.HEX}`, or `{NAME}` followed by exactly the digest's length in hex.
    Hex,
    /// Base64 only: `{NAME}` or `{NAME.B64}`. Claims every body under its marker that an
    /// earlier scheme did not, so a corrupt value is reported as malformed by its scheme.
    Base64,
    /// Dovecot's rule: the suffix's encoding, or else hex when the body is `2n` hex digits and
    /// base64 otherwise.
    Either,
}

/// What is digested.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Input {
    /// The password alone.
    Password,
    /// `user:realm:password`, the realm being what follows the last `@` of the user name.
    UserAtRealm,
}

/// One unsalted digest format behind a `{NAME}` marker.
#[derive(Clone, Copy, Debug)]
pub(crate) struct MarkedDigest {
    id: &'static str,
    name: &'static str,
    prefixes: &'static [&'static str],
    alg: Algorithm,
    text: Text,
    input: Input,
}

impl MarkedDigest {
    /// `{MD5}` + base64 MD5 (RFC 2307, OpenLDAP, Courier, passlib `ldap_md5`).
    pub(crate) const LDAP_MD5: MarkedDigest = MarkedDigest {
        id: "ldap_md5",
        name: "MD5",
        prefixes: &["{MD5}", "{md5}"],
        alg: Algorithm::Md5,
        text: Text::Base64,
        input: Input::Password,
    };
    /// `{SHA}` + base64 SHA-1 (RFC 2307, OpenLDAP, `htpasswd -s`, Dovecot, passlib `ldap_sha1`).
    pub(crate) const LDAP_SHA1: MarkedDigest = MarkedDigest {
        id: "ldap_sha1",
        name: "SHA",
        prefixes: &["{SHA}", "{sha}", "{SHA.B64}", "{SHA.BASE64}"],
        alg: Algorithm::Sha1,
        text: Text::Base64,
        input: Input::Password,
    };
    /// `{MD5}` + 32 hex digits (passlib `ldap_hex_md5`, Roundup, Dovecot's PLAIN-MD5 reading).
    pub(crate) const LDAP_HEX_MD5: MarkedDigest = MarkedDigest {
        id: "ldap_hex_md5",
        name: "MD5",
        prefixes: &["{MD5}", "{md5}"],
        alg: Algorithm::Md5,
        text: Text::Hex,
        input: Input::Password,
    };
    /// `{SHA}` + 40 hex digits, or `{SHA.HEX}` (passlib `ldap_hex_sha1`, Roundup).
    pub(crate) const LDAP_HEX_SHA1: MarkedDigest = MarkedDigest {
        id: "ldap_hex_sha1",
        name: "SHA",
        prefixes: &["{SHA}", "{sha}", "{SHA.HEX}"],
        alg: Algorithm::Sha1,
        text: Text::Hex,
        input: Input::Password,
    };
    /// Dovecot `{SHA1}` (base64 by default).
    pub(crate) const DOVECOT_SHA1: MarkedDigest = MarkedDigest {
        id: "dovecot_sha1",
        name: "SHA1",
        prefixes: &["{SHA1}", "{sha1}", "{SHA1.HEX}", "{SHA1.B64}"],
        alg: Algorithm::Sha1,
        text: Text::Either,
        input: Input::Password,
    };
    /// Dovecot `{SHA256}` (base64 by default); also OpenLDAP's pw-sha2 `{SHA256}`.
    pub(crate) const DOVECOT_SHA256: MarkedDigest = MarkedDigest {
        id: "dovecot_sha256",
        name: "SHA256",
        prefixes: &["{SHA256}", "{sha256}", "{SHA256.HEX}", "{SHA256.B64}"],
        alg: Algorithm::Sha256,
        text: Text::Either,
        input: Input::Password,
    };
    /// Dovecot `{SHA512}` (base64 by default); also OpenLDAP's pw-sha2 `{SHA512}`.
    pub(crate) const DOVECOT_SHA512: MarkedDigest = MarkedDigest {
        id: "dovecot_sha512",
        name: "SHA512",
        prefixes: &["{SHA512}", "{sha512}", "{SHA512.HEX}", "{SHA512.B64}"],
        alg: Algorithm::Sha512,
        text: Text::Either,
        input: Input::Password,
    };
    /// Dovecot `{PLAIN-MD4}` (hex by default): MD4 of the password bytes, not the NT hash's
    /// UTF-16LE.
    pub(crate) const DOVECOT_PLAIN_MD4: MarkedDigest = MarkedDigest {
        id: "dovecot_plain_md4",
        name: "PLAIN-MD4",
        prefixes: &["{PLAIN-MD4}", "{plain-md4}", "{PLAIN-MD4.B64}"],
        alg: Algorithm::Md4,
        text: Text::Either,
        input: Input::Password,
    };
    /// Dovecot `{PLAIN-MD5}` (hex by default).
    pub(crate) const DOVECOT_PLAIN_MD5: MarkedDigest = MarkedDigest {
        id: "dovecot_plain_md5",
        name: "PLAIN-MD5",
        prefixes: &["{PLAIN-MD5}", "{plain-md5}", "{PLAIN-MD5.B64}"],
        alg: Algorithm::Md5,
        text: Text::Either,
        input: Input::Password,
    };
    /// Dovecot `{LDAP-MD5}` (base64 by default): the same value as `{MD5}` in LDAP.
    pub(crate) const DOVECOT_LDAP_MD5: MarkedDigest = MarkedDigest {
        id: "dovecot_ldap_md5",
        name: "LDAP-MD5",
        prefixes: &["{LDAP-MD5}", "{ldap-md5}", "{LDAP-MD5.HEX}"],
        alg: Algorithm::Md5,
        text: Text::Either,
        input: Input::Password,
    };
    /// Dovecot `{DIGEST-MD5}` (hex by default): MD5 of `user:realm:password`.
    pub(crate) const DOVECOT_DIGEST_MD5: MarkedDigest = MarkedDigest {
        id: "dovecot_digest_md5",
        name: "DIGEST-MD5",
        prefixes: &["{DIGEST-MD5}", "{digest-md5}", "{DIGEST-MD5.B64}"],
        alg: Algorithm::Md5,
        text: Text::Either,
        input: Input::UserAtRealm,
    };

    /// Every unsalted marked digest, in registration order.
    pub(crate) const ALL: [MarkedDigest; 11] = [
        Self::LDAP_HEX_MD5,
        Self::LDAP_MD5,
        Self::LDAP_HEX_SHA1,
        Self::LDAP_SHA1,
        Self::DOVECOT_SHA1,
        Self::DOVECOT_SHA256,
        Self::DOVECOT_SHA512,
        Self::DOVECOT_PLAIN_MD4,
        Self::DOVECOT_PLAIN_MD5,
        Self::DOVECOT_LDAP_MD5,
        Self::DOVECOT_DIGEST_MD5,
    ];

    /// The scheme id.
    pub(crate) const fn scheme_id(&self) -> &'static str {
        self.id
    }

    /// The credential as a portable step (`user:realm:` before the password for DIGEST-MD5).
    pub(crate) fn portable(&self, cred: &Credential) -> Result<crate::schemes::portable::Portable> {
        use crate::schemes::portable::{Around, PasswordEncoding, Portable, Step};
        let (_, stored) = self.parse(cred.hash())?;
        let around = match self.input {
            Input::Password => Around::NONE,
            Input::UserAtRealm => {
                let login = cred.require_username(self.id)?;
                let (user, realm) = login.rsplit_once('@').unwrap_or((login, ""));
                Around::prefix(format!("{user}:{realm}:"))
            }
        };
        Ok(Portable {
            step: Step::Digest {
                alg: self.alg,
                around,
                encoding: PasswordEncoding::Utf8,
            },
            digest: stored,
            scheme: self.id,
        })
    }

    /// The encoding of the body and the decoded digest, validated.
    fn parse(&self, hash: &str) -> Result<(DigestText, Vec<u8>)> {
        let m = Marked::expect(self.id, hash, self.name)?;
        let n = self.alg.output_len();
        let text = match (self.text, m.expect_encoding(self.id)?) {
            (Text::Hex, None | Some(DigestText::Hex)) => DigestText::Hex,
            (Text::Base64, None | Some(DigestText::Base64)) => DigestText::Base64,
            (Text::Either, Some(e)) => e,
            (Text::Either, None) => DigestText::guess(m.body, n),
            (_, Some(e)) => {
                return Err(Error::malformed(
                    self.id,
                    "prefix",
                    format!("this scheme is not written in {}", e.name()),
                ));
            }
        };
        Ok((text, decode(self.id, self.alg, text, m.body)?))
    }
}

/// Decode an unsalted value's `body`, written in `text`, as exactly one `alg` digest; `scheme`
/// names the error. Crate-internal so that every reader of these values (these schemes,
/// Auth0's `ldap` body) applies the same check.
///
/// # Errors
/// [`crate::ErrorKind::Malformed`] for text that does not decode or another length.
pub(crate) fn decode(
    scheme: &'static str,
    alg: Algorithm,
    text: DigestText,
    body: &str,
) -> Result<Vec<u8>> {
    let n = alg.output_len();
    text.decode_exact(body, n).ok_or_else(|| {
        Error::malformed(
            scheme,
            "digest",
            format!("expected {n} bytes in {}", text.name()),
        )
    })
}

impl Scheme for MarkedDigest {
    fn id(&self) -> &str {
        self.id
    }

    fn prefixes(&self) -> &[&'static str] {
        self.prefixes
    }

    fn identify(&self, hash: &str) -> Match {
        let Some(m) = Marked::named(hash, self.name) else {
            return Match::No;
        };
        let hit = match (self.text, m.encoding()) {
            (_, Err(())) => false,
            (Text::Hex, Ok(Some(DigestText::Hex))) => true,
            (Text::Hex, Ok(None)) => DigestText::Hex.fits(m.body, self.alg.output_len()),
            (Text::Base64, Ok(None | Some(DigestText::Base64))) => true,
            (Text::Either, Ok(_)) => true,
            _ => false,
        };
        if hit { Match::Exact } else { Match::No }
    }

    fn verify(&self, password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let (_, stored) = self.parse(cred.hash())?;
        let ours = match self.input {
            Input::Password => self.alg.digest(&[password]),
            Input::UserAtRealm => {
                let login = cred.require_username(self.id)?;
                let (user, realm) = login.rsplit_once('@').unwrap_or((login, ""));
                self.alg
                    .digest(&[user.as_bytes(), b":", realm.as_bytes(), b":", password])
            }
        };
        Ok(ct_eq(ours.as_bytes(), &stored))
    }

    fn inspect(&self, cred: &Credential, _limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let (text, _) = self.parse(cred.hash())?;
        Ok(vec![("encoding", text.name().to_owned())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn check(s: &MarkedDigest, pw: &[u8], hash: &str) -> Result<bool> {
        s.verify(pw, &Credential::new(hash), &Limits::DEFAULT)
    }

    #[test]
    fn known_answers() {
        // slappasswd -h {SHA} -s 'correct horse battery staple'
        let h = "{SHA}q/eq1kOINtvlJqojGr3i0O73TUI=";
        assert_eq!(MarkedDigest::LDAP_SHA1.identify(h), Match::Exact);
        assert!(check(&MarkedDigest::LDAP_SHA1, b"correct horse battery staple", h).unwrap());
        assert!(!check(&MarkedDigest::LDAP_SHA1, b"correct horse battery stapl", h).unwrap());
        // The same digest in hex, under either spelling of the hex marker.
        for h in [
            "{SHA}abf7aad6438836dbe526aa231abde2d0eef74d42",
            "{sha.hex}ABF7AAD6438836DBE526AA231ABDE2D0EEF74D42",
        ] {
            assert_eq!(MarkedDigest::LDAP_HEX_SHA1.identify(h), Match::Exact);
            assert!(
                check(
                    &MarkedDigest::LDAP_HEX_SHA1,
                    b"correct horse battery staple",
                    h
                )
                .unwrap()
            );
        }
        // doveadm pw -s SHA512 -p password, and its .HEX form.
        let b64 = "{SHA512}sQnzu7wkTrgkQZF+0G1hi5AI3Qmzvv0bXgc5THBqi7mAsdd4Xll27ASbRt9fEyavWi6m0QP9B8lThf+rDKy8hg==";
        let hex = "{SHA512.HEX}b109f3bbbc244eb82441917ed06d618b9008dd09b3befd1b5e07394c706a8bb980b1d7785e5976ec049b46df5f1326af5a2ea6d103fd07c95385ffab0cacbc86";
        for h in [b64, hex, &hex.replace(".HEX", "")] {
            assert!(check(&MarkedDigest::DOVECOT_SHA512, b"password", h).unwrap());
            assert!(!check(&MarkedDigest::DOVECOT_SHA512, b"Password", h).unwrap());
        }
        // doveadm pw -s SHA256 and -s LDAP-MD5.
        let h = "{SHA256}piGrYG2yoR9j7cV2pymEO4JpJQ3DJCBocdkGNaxeUxw=";
        assert!(check(&MarkedDigest::DOVECOT_SHA256, "密码".as_bytes(), h).unwrap());
        assert!(!check(&MarkedDigest::DOVECOT_SHA256, "密码\n".as_bytes(), h).unwrap());
        let h = "{LDAP-MD5}X03MO1qnZdYdgyfeuILPmQ==";
        assert!(check(&MarkedDigest::DOVECOT_LDAP_MD5, b"password", h).unwrap());
        assert!(!check(&MarkedDigest::DOVECOT_LDAP_MD5, b"password\n", h).unwrap());
        // doveadm pw -s PLAIN-MD4, the same digest in base64.
        assert!(
            check(
                &MarkedDigest::DOVECOT_PLAIN_MD4,
                "pässwörd".as_bytes(),
                "{PLAIN-MD4}84c1a6a379ead788b7832b658ce73da8"
            )
            .unwrap()
        );
        assert!(
            check(
                &MarkedDigest::DOVECOT_PLAIN_MD4,
                "pässwörd".as_bytes(),
                "{plain-md4.b64}hMGmo3nq14i3gytljOc9qA=="
            )
            .unwrap()
        );
    }

    #[test]
    fn digest_md5_needs_the_user() {
        let s = MarkedDigest::DOVECOT_DIGEST_MD5;
        let h = "{DIGEST-MD5}c9706fd14542de2ba82140731fa07fad";
        let cred = Credential::new(h).with_username("alice@example.com");
        assert!(s.verify(b"password", &cred, &Limits::DEFAULT).unwrap());
        let other = Credential::new(h).with_username("alice@example.org");
        assert!(!s.verify(b"password", &other, &Limits::DEFAULT).unwrap());
        let e = check(&s, b"password", h).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingContext);
    }

    #[test]
    fn markers_are_told_apart_by_body() {
        let hex = "{MD5}3c17894a2e3d6db46438c92cf618c459";
        let b64 = "{md5}nMKuihunqT2jm0b8EBnEgQ==";
        assert_eq!(MarkedDigest::LDAP_HEX_MD5.identify(hex), Match::Exact);
        assert_eq!(MarkedDigest::LDAP_HEX_MD5.identify(b64), Match::No);
        assert_eq!(MarkedDigest::LDAP_MD5.identify(b64), Match::Exact);
        assert_eq!(MarkedDigest::LDAP_SHA1.identify("{SHA.HEX}00"), Match::No);
        assert_eq!(MarkedDigest::LDAP_SHA1.identify("{SHA1}x"), Match::No);
        assert_eq!(
            MarkedDigest::DOVECOT_SHA1.identify("{SHA1.B32}x"),
            Match::No
        );
        assert!(
            check(
                &MarkedDigest::LDAP_MD5,
                b"correct horse battery staple",
                b64
            )
            .unwrap()
        );
    }

    #[test]
    fn rejects_malformed() {
        for (s, h) in [
            (MarkedDigest::LDAP_MD5, "{MD5}nMKuihunqT2jm0b8EBnEg=="),
            (MarkedDigest::LDAP_MD5, "{MD5}"),
            (MarkedDigest::LDAP_MD5, "{MD5}!!!!"),
            (MarkedDigest::LDAP_MD5, "{SHA}nMKuihunqT2jm0b8EBnEgQ=="),
            (
                MarkedDigest::LDAP_SHA1,
                "{SHA.HEX}q/eq1kOINtvlJqojGr3i0O73TUI=",
            ),
            (
                MarkedDigest::LDAP_HEX_SHA1,
                "{SHA}abf7aad6438836dbe526aa231abde2d0eef74d4",
            ),
            (MarkedDigest::DOVECOT_SHA256, "{SHA256.B32}abcd"),
            (MarkedDigest::DOVECOT_SHA256, "{SHA256.HEX}zz"),
            (MarkedDigest::DOVECOT_SHA256, "{SHA256}é"),
        ] {
            let e = check(&s, b"x", h).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed, "{h}");
        }
    }
}
