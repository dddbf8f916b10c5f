//! The directory family: LDAP `userPassword` values and Dovecot password strings, both written
//! as `{SCHEME}body` (RFC 2307), and the SCRAM keys XMPP servers keep for their accounts.
//!
//! 389 Directory Server's `{PBKDF2_SHA256}` (`ds389_pbkdf2_sha256`) has a marker of its own, as
//! do the Domino Directory's `(G...)` and `(H...)` Internet passwords; Domino R5's bare 32 hex
//! digits (`lotus_domino5`) are only a shape, among the other 32-digit formats.
//!
//! Scheme ids follow passlib (`ldap_salted_sha1`, `ldap_md5_crypt`, ...) where passlib has the
//! format, and `dovecot_<scheme>` for Dovecot schemes whose meaning differs from or is missing in
//! passlib (Dovecot's `{MD5}` is md5-crypt; `{SHA1}`, `{PLAIN-MD5}` and friends). Where LDAP and
//! Dovecot share a marker and a meaning (`{SHA}`, `{SSHA}`, `{SMD5}`, `{SSHA256}`, `{SSHA512}`,
//! `{CRYPT}`), the passlib id is used for both.
//!
//! Markers shared between schemes are told apart by the body, which fixes the order below:
//! `{MD5}$1$...` is `dovecot_md5`, `{MD5}` + 32 hex digits `ldap_hex_md5`, any other `{MD5}`
//! value `ldap_md5`; `{SHA}` + 40 hex digits (or `{SHA.HEX}`) is `ldap_hex_sha1`, any other
//! `{SHA}` value `ldap_sha1`; `{PBKDF2}$1$...` is `dovecot_pbkdf2` and leaves every other
//! `{PBKDF2}` value to passlib's `ldap_pbkdf2_sha1`; each `{CRYPT}` scheme claims only the bodies
//! its crypt scheme recognises. LDIF's base64-wrapped `userPassword::` lines are undone by the
//! export reader, not here.

use std::sync::Arc;

use crate::scheme::Scheme;

pub(crate) mod cram;
pub(crate) mod digest;
pub(crate) mod domino;
pub(crate) mod ds389;
mod marker;
pub(crate) mod pbkdf2;
pub(crate) mod plain;
pub(crate) mod salted;
pub(crate) mod scram;
pub(crate) mod wrappers;
pub(crate) mod xmpp;

/// This family's schemes, in identification order.
pub(crate) fn schemes() -> Vec<Arc<dyn Scheme>> {
    let mut all = wrappers::wrappers();
    let (ldap, dovecot) = digest::MarkedDigest::ALL.split_at(4);
    all.extend(ldap.iter().map(|&s| Arc::new(s) as Arc<dyn Scheme>));
    all.extend(salted::LdapSalted::ALL.map(|s| Arc::new(s) as Arc<dyn Scheme>));
    all.extend(dovecot.iter().map(|&s| Arc::new(s) as Arc<dyn Scheme>));
    all.extend([
        Arc::new(cram::DovecotCramMd5) as Arc<dyn Scheme>,
        Arc::new(scram::DovecotScram::SHA1),
        Arc::new(scram::DovecotScram::SHA256),
        Arc::new(pbkdf2::DovecotPbkdf2),
        Arc::new(ds389::Ds389Pbkdf2),
        Arc::new(domino::Domino6),
        Arc::new(domino::Domino8),
        Arc::new(domino::Domino5),
        Arc::new(plain::DovecotPlain),
        // Bare values.
        Arc::new(xmpp::XmppScramSha1),
        Arc::new(plain::LdapPlaintext),
    ]);
    all
}

#[cfg(test)]
mod tests {
    use crate::Registry;

    #[test]
    fn shared_markers_resolve_by_body() {
        let reg = Registry::default();
        for (hash, id) in [
            ("{MD5}$1$sps9aA9q$m34y4KveUFokT4eHqRoM51", "dovecot_md5"),
            ("{MD5}3c17894a2e3d6db46438c92cf618c459", "ldap_hex_md5"),
            ("{MD5}nMKuihunqT2jm0b8EBnEgQ==", "ldap_md5"),
            ("{md5}not base64", "ldap_md5"),
            (
                "{SHA}abf7aad6438836dbe526aa231abde2d0eef74d42",
                "ldap_hex_sha1",
            ),
            ("{SHA}q/eq1kOINtvlJqojGr3i0O73TUI=", "ldap_sha1"),
            ("{SHA1}2jmj7l5rSw0yVb/vlWAYkK/YBwk=", "dovecot_sha1"),
            ("{ssha}y7d+KHuQ/Ai5515HiceWkTFC3Cgus2x9", "ldap_salted_sha1"),
            ("{SSHA256.HEX}00", "ldap_salted_sha256"),
            ("{PLAIN}x", "dovecot_plain"),
            (
                "{PBKDF2}$1$s$5000$608694b2d34e4ed74f65a81c1dcb8c94b136f1f9",
                "dovecot_pbkdf2",
            ),
            (
                "{crypt}$1$hMDgQRTa$A4dG3XYCasE28MGNkRyf4.",
                "ldap_md5_crypt",
            ),
        ] {
            assert_eq!(reg.identify(hash).map(|s| s.id()).ok(), Some(id), "{hash}");
        }
        for hash in ["{UNKNOWN}abcd", "{SHA256.B32}abcd", "{PLAIN-TRUNC}3-abc"] {
            assert!(reg.identify(hash).is_err(), "{hash}");
        }
    }
}
