//! crypt(3) and argon2 strings behind a directory marker, delegated to the crypt and PHC
//! families through [`Prefixed`].
//!
//! * LDAP `{CRYPT}`: OpenLDAP hands the rest to the system `crypt(3)`, so the body is any crypt
//!   string the host knew: DES, BSDi `_`, `$1$`, `$2a$`/`$2b$`/`$2y$`, `$sha1$`, `$5$`, `$6$`.
//!   passlib names each `ldap_<crypt>`; one scheme per body, each claiming a `{CRYPT}` value only
//!   when its inner scheme recognises the body. The marker is case-insensitive (`{crypt}` is
//!   common: Courier, PostfixAdmin). Dovecot's `{CRYPT}` is the same thing (its default for new
//!   hashes is bcrypt `$2y$05$`), so Dovecot `{CRYPT}` values get these ids too.
//! * Dovecot `{MD5-CRYPT}`, `{DES-CRYPT}`, `{SHA256-CRYPT}`, `{SHA512-CRYPT}`, `{BLF-CRYPT}`,
//!   `{ARGON2I}`, `{ARGON2ID}`, and `{MD5}` followed by `$1$` (Dovecot's `{MD5}` is md5-crypt,
//!   not an MD5 digest). Dovecot hands any body to `crypt()`/libsodium whatever the marker
//!   says; here the body must be the marker's own format (`{SHA512-CRYPT}$1$...` is refused),
//!   except that `{ARGON2I}`/`{ARGON2ID}` take either argon2 variant as libsodium does. Dovecot's
//!   `{ARGON2}` alias is not recognised.
//!
//! Each wrapper exists only when the crypt or PHC family provides its inner scheme
//! ([`crate::schemes::core`]); the inner scheme does all parsing, limits and truncation
//! reporting (DES crypt's 8 characters, bcrypt's 72 bytes).

use std::sync::Arc;

use crate::scheme::{Prefixed, Scheme};

/// LDAP's `{CRYPT}` in the spellings the index lists.
const CRYPT: &[&str] = &["{CRYPT}", "{crypt}", "{Crypt}"];

/// (scheme id, marker spellings, inner scheme id), in identification order: Dovecot's own
/// markers, then `{CRYPT}` with DES last (its inner scheme matches on shape alone).
const TABLE: &[(&str, &[&str], &str)] = &[
    ("dovecot_md5", &["{MD5}", "{md5}"], "md5_crypt"),
    (
        "dovecot_md5_crypt",
        &["{MD5-CRYPT}", "{md5-crypt}"],
        "md5_crypt",
    ),
    (
        "dovecot_des_crypt",
        &["{DES-CRYPT}", "{des-crypt}"],
        "des_crypt",
    ),
    (
        "dovecot_sha256_crypt",
        &["{SHA256-CRYPT}", "{sha256-crypt}"],
        "sha256_crypt",
    ),
    (
        "dovecot_sha512_crypt",
        &["{SHA512-CRYPT}", "{sha512-crypt}"],
        "sha512_crypt",
    ),
    (
        "dovecot_blf_crypt",
        &["{BLF-CRYPT}", "{blf-crypt}"],
        "bcrypt",
    ),
    ("dovecot_argon2i", &["{ARGON2I}", "{argon2i}"], "argon2"),
    ("dovecot_argon2id", &["{ARGON2ID}", "{argon2id}"], "argon2"),
    ("ldap_bcrypt", CRYPT, "bcrypt"),
    ("ldap_md5_crypt", CRYPT, "md5_crypt"),
    ("ldap_sha1_crypt", CRYPT, "sha1_crypt"),
    ("ldap_sha256_crypt", CRYPT, "sha256_crypt"),
    ("ldap_sha512_crypt", CRYPT, "sha512_crypt"),
    ("ldap_bsdi_crypt", CRYPT, "bsdi_crypt"),
    ("ldap_des_crypt", CRYPT, "des_crypt"),
];

/// Every wrapper whose inner scheme is available, in identification order.
pub(crate) fn wrappers() -> Vec<Arc<dyn Scheme>> {
    TABLE
        .iter()
        .filter_map(|&(id, prefixes, inner)| {
            let inner = crate::schemes::core(inner)?;
            Some(Arc::new(Prefixed::new(id, prefixes, inner).case_insensitive()) as Arc<dyn Scheme>)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheme::Match;
    use crate::{Credential, Limits};

    fn find(id: &str) -> Option<Arc<dyn Scheme>> {
        wrappers().into_iter().find(|s| s.id() == id)
    }

    #[test]
    fn md5_crypt_wrappers() {
        // md5_crypt is always built in.
        for (id, h, pw) in [
            (
                "ldap_md5_crypt",
                "{crypt}$1$hMDgQRTa$A4dG3XYCasE28MGNkRyf4.",
                "p:a$s{w}rd",
            ),
            (
                "dovecot_md5",
                "{MD5}$1$sps9aA9q$m34y4KveUFokT4eHqRoM51",
                "pässwörd",
            ),
            (
                "dovecot_md5_crypt",
                "{MD5-CRYPT}$1$5hVhq5Em$aOpDLbWbr48QzvsPouIUl/",
                "pässwörd",
            ),
        ] {
            let s = find(id).expect("md5_crypt is built in");
            assert_eq!(s.identify(h), Match::Exact, "{h}");
            let cred = Credential::new(h);
            assert!(s.verify(pw.as_bytes(), &cred, &Limits::DEFAULT).unwrap());
            assert!(!s.verify(b"wrong", &cred, &Limits::DEFAULT).unwrap());
        }
        let s = find("dovecot_md5").expect("md5_crypt is built in");
        assert_eq!(
            s.identify("{MD5}3c17894a2e3d6db46438c92cf618c459"),
            Match::No
        );
        assert_eq!(
            s.identify("{MD5-CRYPT}$1$5hVhq5Em$aOpDLbWbr48QzvsPouIUl/"),
            Match::No
        );
    }
}
