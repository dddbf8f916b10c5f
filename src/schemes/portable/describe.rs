//! Which built-in schemes have a portable step, and where each family reads it.

use super::{Portable, Step};
use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;

/// The plain-text schemes: the stored string is the password.
const PLAINTEXT: &[&str] = &["plaintext", "ldap_plaintext"];

/// Django's markers before another scheme's string: (id, marker, inner scheme id).
const DJANGO_WRAPPERS: &[(&str, &str, &str)] = &[
    ("django_bcrypt", "bcrypt$", "bcrypt"),
    ("django_argon2", "argon2", "argon2"),
];

/// The credential `cred`, read as the built-in scheme `id`, as a portable description. The
/// credential is validated and its costs bounded as a verify would, nothing is computed.
///
/// # Errors
/// [`crate::ErrorKind::Unsupported`] for a scheme without a portable step (and for `id` not a
/// built-in scheme); otherwise the scheme's own parsing errors.
pub(crate) fn describe(id: &str, cred: &Credential, limits: &Limits) -> Result<Portable> {
    use crate::schemes::{digest, directory, phc, unix, vendor, web};
    if let Some(&plain) = PLAINTEXT.iter().find(|p| **p == id) {
        if cred.hash().is_empty() {
            return Err(Error::malformed(plain, "value", "empty"));
        }
        return Ok(Portable {
            step: Step::Plaintext,
            digest: cred.hash().as_bytes().to_vec(),
            scheme: plain,
        });
    }
    // Another scheme's string behind a marker: `{CRYPT}$6$...`, Django's `bcrypt$`/`argon2`.
    let marked = directory::wrappers::unwrap(id, cred.hash()).or_else(|| {
        DJANGO_WRAPPERS
            .iter()
            .find(|(i, _, _)| *i == id)
            .and_then(|&(outer, marker, inner)| {
                Some((outer, inner, cred.hash().strip_prefix(marker)?))
            })
    });
    if let Some((outer, inner, rest)) = marked {
        if inner == "des_crypt" && rest.len() > 13 {
            // libxcrypt reads a longer DES-family `{CRYPT}` body as bigcrypt.
            return Err(Error::unsupported(format!(
                "{outer}: a bigcrypt body has no portable description (it is upgraded at the next login)"
            )));
        }
        let mut d = describe(inner, &cred.with_hash(rest), limits)?;
        d.scheme = outer;
        return Ok(d);
    }
    match id {
        "md5_crypt" => unix::md5_crypt::Md5Crypt::MD5.portable(cred),
        "apr_md5_crypt" => unix::md5_crypt::Md5Crypt::APR1.portable(cred),
        "sha256_crypt" => unix::sha_crypt::ShaCrypt::SHA256.portable(cred, limits),
        "sha512_crypt" => unix::sha_crypt::ShaCrypt::SHA512.portable(cred, limits),
        "des_crypt" => unix::des_crypt::DesCrypt::portable(cred),
        "bcrypt" => unix::bcrypt::portable(cred, limits),
        "htdigest" => digest::htdigest::Htdigest::portable(cred),
        "argon2" => phc::argon2::portable(cred, limits),
        "scrypt" => phc::scrypt::portable(cred, limits),
        "django_scrypt" => web::django_scrypt::portable(cred, limits),
        "auth0_custom_password_hash" => vendor::auth0::portable(cred, limits),
        "okta_password_hash" => vendor::okta::portable(cred, limits),
        "keycloak_pbkdf2" => vendor::keycloak::portable(cred, limits),
        "keycloak_argon2" => vendor::keycloak::argon2_portable(cred, limits),
        "firebase_scrypt" => vendor::firebase::portable(cred, limits),
        _ => {
            if let Some(s) = digest::hex::HexDigest::ALL
                .iter()
                .find(|s| s.scheme_id() == id)
            {
                return s.portable(cred);
            }
            if let Some(s) = digest::salted::SaltedDigest::ALL
                .iter()
                .find(|s| s.scheme_id() == id)
            {
                return s.portable(cred, limits);
            }
            if let Some(s) = directory::digest::MarkedDigest::ALL
                .iter()
                .find(|s| s.scheme_id() == id)
            {
                return s.portable(cred);
            }
            if let Some(s) = directory::salted::LdapSalted::ALL
                .iter()
                .find(|s| s.scheme_id() == id)
            {
                return s.portable(cred, limits);
            }
            if let Some(s) = phc::pbkdf2::Pbkdf2Digest::ALL
                .iter()
                .find(|s| s.scheme_id() == id)
            {
                return s.portable(cred, limits);
            }
            if let Some(s) = web::django_pbkdf2::DjangoPbkdf2::ALL
                .iter()
                .find(|s| s.scheme_id() == id)
            {
                return s.portable(cred, limits);
            }
            if let Some(s) = web::django_salted::DjangoSalted::ALL
                .iter()
                .find(|s| s.scheme_id() == id)
            {
                return s.portable(cred);
            }
            let shown: String = id.chars().take(64).collect();
            Err(Error::unsupported(format!(
                "{shown}: no portable description of this scheme (it is upgraded at the next login)"
            )))
        }
    }
}
