//! The PHC-string and PBKDF2 family: argon2, scrypt, and the PBKDF2-based formats of passlib,
//! LDAP, GRUB, Atlassian, Cryptacular and Litzenberger's `pbkdf2.py`, plus passlib's SCRAM
//! record and FSHP.
//!
//! Marker overlaps: `{PBKDF2}` is shared with Dovecot's `{PBKDF2}$1$...` (another family);
//! `ldap_pbkdf2_sha1` only claims strings whose body has passlib's shape `<rounds>$<salt>$<digest>`.
//! `$p5k2$` is shared by `cta_pbkdf2_sha1` and `dlitz_pbkdf2_sha1`, told apart by the digest's
//! encoding.

use std::sync::Arc;

use crate::scheme::Scheme;

pub mod argon2;
pub mod atlassian;
mod fields;
pub mod fshp;
pub mod grub;
pub mod p5k2;
pub mod pbkdf2;
pub mod scram;
pub mod scrypt;

/// This family's schemes, in identification order.
pub(crate) fn schemes() -> Vec<Arc<dyn Scheme>> {
    vec![
        Arc::new(argon2::Argon2Scheme),
        Arc::new(scrypt::ScryptScheme),
        Arc::new(pbkdf2::Pbkdf2Digest::SHA1),
        Arc::new(pbkdf2::Pbkdf2Digest::SHA256),
        Arc::new(pbkdf2::Pbkdf2Digest::SHA512),
        Arc::new(pbkdf2::Pbkdf2Digest::LDAP_SHA1),
        Arc::new(pbkdf2::Pbkdf2Digest::LDAP_SHA256),
        Arc::new(pbkdf2::Pbkdf2Digest::LDAP_SHA512),
        Arc::new(p5k2::CtaPbkdf2Sha1),
        Arc::new(p5k2::DlitzPbkdf2Sha1),
        Arc::new(grub::GrubPbkdf2Sha512),
        Arc::new(atlassian::AtlassianPbkdf2Sha1),
        Arc::new(scram::Scram),
        Arc::new(fshp::Fshp),
    ]
}
