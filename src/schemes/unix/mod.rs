//! The crypt(3) family: the formats of `/etc/shadow`, libxcrypt and the BSDs, plus passlib's
//! `bcrypt_sha256` built on bcrypt, and QNX's shadow formats (`@m@`, `@s@`, `@S@`).
//!
//! Identification order: every marked format here has a marker no other one in the family
//! shares a prefix with (`$2$`/`$2a$`/`$2b$`/`$2x$`/`$2y$` against `$bcrypt-sha256$`, `$y$`
//! against `$gy$`, `$md5$`/`$md5,` against `$1$`), so their order is free; AIX's lower-case
//! `{smd5}`, `{ssha1}`, `{ssha256}`, `{ssha512}` come before the directory family, whose
//! case-insensitive LDAP markers share those prefixes, and claim only AIX's `$`-separated shape; `unix_disabled`
//! claims `!` and `*` before MySQL 4.1's `*`-prefixed hex (which it leaves alone). The
//! DES-based formats have no marker and only match by shape, after every marked format of every
//! family: 13 characters are `des_crypt`, 24 are `bigcrypt` or `crypt16` (ambiguous: a hint
//! decides), 35, 46, ... are `bigcrypt`.

use std::sync::Arc;

use crate::scheme::Scheme;

pub(crate) mod aix;
pub(crate) mod bcrypt;
pub(crate) mod bcrypt_sha256;
pub(crate) mod bsd_nthash;
pub(crate) mod bsdi_crypt;
pub(crate) mod common;
pub(crate) mod des_crypt;
pub(crate) mod md5_crypt;
pub(crate) mod qnx;
pub(crate) mod scrypt_mcf;
pub(crate) mod sha1_crypt;
pub(crate) mod sha_crypt;
pub(crate) mod sun_md5_crypt;
pub(crate) mod unix_disabled;
pub(crate) mod yescrypt;

/// This family's schemes, in identification order.
pub(crate) fn schemes() -> Vec<Arc<dyn Scheme>> {
    vec![
        Arc::new(md5_crypt::Md5Crypt::MD5),
        Arc::new(md5_crypt::Md5Crypt::APR1),
        Arc::new(sha_crypt::ShaCrypt::SHA256),
        Arc::new(sha_crypt::ShaCrypt::SHA512),
        Arc::new(yescrypt::Yescrypt),
        Arc::new(yescrypt::GostYescrypt),
        Arc::new(scrypt_mcf::ScryptMcf),
        Arc::new(bcrypt::Bcrypt),
        Arc::new(bcrypt_sha256::BcryptSha256),
        Arc::new(sun_md5_crypt::SunMd5Crypt),
        Arc::new(sha1_crypt::Sha1Crypt),
        Arc::new(bsd_nthash::BsdNthash),
        Arc::new(aix::AixSmd5),
        Arc::new(aix::AixSsha::SHA1),
        Arc::new(aix::AixSsha::SHA256),
        Arc::new(aix::AixSsha::SHA512),
        Arc::new(bsdi_crypt::BsdiCrypt),
        Arc::new(qnx::Qnx6::MD5),
        Arc::new(qnx::Qnx6::SHA256),
        Arc::new(qnx::Qnx6::SHA512),
        Arc::new(qnx::Qnx7),
        Arc::new(unix_disabled::UnixDisabled),
        Arc::new(des_crypt::DesCrypt),
        Arc::new(des_crypt::BigCrypt),
        Arc::new(des_crypt::Crypt16),
    ]
}
