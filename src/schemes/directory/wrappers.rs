//! crypt(3) and argon2 strings behind a directory marker, delegated to the crypt and PHC
//! families through [`Prefixed`].
//!
//! * LDAP `{CRYPT}`: OpenLDAP hands the rest to the system `crypt(3)`, so the body is any crypt
//!   string the host knew: DES, BSDi `_`, `$1$`, `$2a$`/`$2b$`/`$2y$`, `$sha1$`, `$5$`, `$6$`.
//!   passlib names each `ldap_<crypt>`; one scheme per body, each claiming a `{CRYPT}` value only
//!   when its inner scheme recognises the body. The marker is case-insensitive (`{crypt}` is
//!   common: Courier, PostfixAdmin). Dovecot's `{CRYPT}` is the same thing (its default for new
//!   hashes is bcrypt `$2y$05$`), so Dovecot `{CRYPT}` values get these ids too.
//!   `slappasswd -h {CRYPT}` hands crypt(3) a setting longer than two characters; libxcrypt
//!   reads such a DES setting as bigcrypt, so on today's Linux a password of more than eight
//!   bytes gets a bigcrypt body (2 + 11·k characters, one DES block per eight bytes), and
//!   OpenLDAP verifies it through the same crypt(3). `ldap_des_crypt` therefore reads a body of
//!   13 characters as DES crypt and a longer one as bigcrypt.
//! * Dovecot `{MD5-CRYPT}`, `{DES-CRYPT}`, `{SHA256-CRYPT}`, `{SHA512-CRYPT}`, `{BLF-CRYPT}`,
//!   `{ARGON2I}`, `{ARGON2ID}`, and `{MD5}` followed by `$1$` (Dovecot's `{MD5}` is md5-crypt,
//!   not an MD5 digest). Dovecot hands any body to `crypt()`/libsodium whatever the marker
//!   says; here the body must be the marker's own format (`{SHA512-CRYPT}$1$...` is refused),
//!   except that `{ARGON2I}`/`{ARGON2ID}` take either argon2 variant as libsodium does. Dovecot's
//!   `{ARGON2}` alias is not recognised.
//! * OpenLDAP `{ARGON2}` (the `argon2` password module, `slappasswd -h {ARGON2}`): a PHC argon2
//!   string (argon2i by default, argon2id when the module is loaded so) behind the marker.
//!
//! Each wrapper exists only when the crypt or PHC family provides its inner scheme
//! (`crate::schemes::core`); the inner scheme does all parsing, limits and truncation
//! reporting (DES crypt's 8 characters, bcrypt's 72 bytes).

use std::sync::Arc;

use crate::credential::Credential;
use crate::error::Result;
use crate::limits::Limits;
use crate::scheme::{Match, Prefixed, Scheme};

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
    ("ldap_argon2", &["{ARGON2}", "{argon2}"], "argon2"),
    ("ldap_bcrypt", CRYPT, "bcrypt"),
    ("ldap_md5_crypt", CRYPT, "md5_crypt"),
    ("ldap_sha1_crypt", CRYPT, "sha1_crypt"),
    ("ldap_sha256_crypt", CRYPT, "sha256_crypt"),
    ("ldap_sha512_crypt", CRYPT, "sha512_crypt"),
    ("ldap_bsdi_crypt", CRYPT, "bsdi_crypt"),
    ("ldap_des_crypt", CRYPT, "des_crypt"),
];

/// The wrapped string of a wrapper scheme `id`: its id, the inner scheme's id and the body
/// after its marker (any spelling, any ASCII case); `None` when `id` is not a wrapper or `hash`
/// lacks its marker.
pub(crate) fn unwrap<'a>(id: &str, hash: &'a str) -> Option<(&'static str, &'static str, &'a str)> {
    let &(outer, prefixes, inner) = TABLE.iter().find(|(i, _, _)| *i == id)?;
    prefixes.iter().find_map(|p| {
        let head = hash.get(..p.len())?;
        head.eq_ignore_ascii_case(p)
            .then(|| (outer, inner, &hash[p.len()..]))
    })
}

/// Every wrapper whose inner scheme is available, in identification order.
pub(crate) fn wrappers() -> Vec<Arc<dyn Scheme>> {
    TABLE
        .iter()
        .filter_map(|&(id, prefixes, inner)| {
            let mut inner = crate::schemes::core(inner)?;
            if id == "ldap_des_crypt"
                && let Some(big) = crate::schemes::core("bigcrypt")
            {
                inner = Arc::new(DesOrBigcrypt { des: inner, big });
            }
            Some(Arc::new(Prefixed::new(id, prefixes, inner).case_insensitive()) as Arc<dyn Scheme>)
        })
        .collect()
}

/// What libxcrypt's crypt(3) makes of a DES-family `{CRYPT}` body: 13 characters are DES
/// crypt, anything longer bigcrypt.
struct DesOrBigcrypt {
    des: Arc<dyn Scheme>,
    big: Arc<dyn Scheme>,
}

impl DesOrBigcrypt {
    fn pick(&self, hash: &str) -> &dyn Scheme {
        if hash.len() > 13 {
            self.big.as_ref()
        } else {
            self.des.as_ref()
        }
    }
}

impl Scheme for DesOrBigcrypt {
    fn id(&self) -> &str {
        self.des.id()
    }

    fn identify(&self, hash: &str) -> Match {
        self.pick(hash).identify(hash)
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        self.pick(cred.hash()).verify(password, cred, limits)
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        self.pick(cred.hash()).inspect(cred, limits)
    }

    fn truncates(&self, password: &[u8]) -> bool {
        // Without the hash at hand, report DES's losses (eight bytes): a superset of bigcrypt's.
        self.des.truncates(password)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(id: &str) -> Option<Arc<dyn Scheme>> {
        wrappers().into_iter().find(|s| s.id() == id)
    }

    /// One known answer per wrapper (doveadm pw, slappasswd and passlib output), checked
    /// when the inner scheme is built in.
    const KNOWN: &[(&str, &str, &str)] = &[
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
        (
            "dovecot_des_crypt",
            "{DES-CRYPT}11hh/g/fQrkRs",
            "correct horse battery staple",
        ),
        (
            "dovecot_sha256_crypt",
            "{SHA256-CRYPT}$5$rounds=1000$aj8z2XTfbXlsn4XS$ekBtxgkrLQZY13IS8EIdzEC7keyjcgM172kpb9SxM71",
            "password",
        ),
        (
            "dovecot_sha512_crypt",
            "{SHA512-CRYPT}$6$rounds=1000$w369aJK.bjhAZCLS$QbgGYNF86k/P4gsWDaBs3wQ1BiEYFZcZmVF.bMIqoWAExdKTTbrOHX4SjNct6ZxQOCG6DIBPqQZYOWuuTPeRo1",
            "p:a$s{w}rd",
        ),
        (
            "dovecot_blf_crypt",
            "{BLF-CRYPT}$2y$04$KVg//yo1f.fnxfoz.SNnTuA/O/Ree.HWOSjruwe3SNziCpF4Gm0oa",
            "密码",
        ),
        (
            "dovecot_argon2id",
            "{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$GiQvrSPQdG6T/lHGyPqZcw$z+61pMidPSfxn69xxzt4XeOSowzqjkoNglfwEWtSsPQ",
            "Tr0ub4dor&3",
        ),
        (
            "ldap_bcrypt",
            "{CRYPT}$2y$05$X9Kx0DiyyyinZ1uc0MiQMOhs8cFtt08SWbthMAU.4Yb9nUEChIsI2",
            "p:a$s{w}rd",
        ),
        (
            "ldap_sha1_crypt",
            "{CRYPT}$sha1$480$9//VTVuO$y2JgEOqook9x1rmcBkVRN4JYlesT",
            "pässwörd",
        ),
        (
            "ldap_sha256_crypt",
            "{CRYPT}$5$8/Ai0rV1E1YqydaL$mmLBmrQ8V9ixFO7hcvvwcpetxR2kJ/pdvpXivXHlIZ3",
            "Tr0ub4dor&3",
        ),
        (
            "ldap_sha512_crypt",
            "{CRYPT}$6$rounds=1000$lHgHBj.BwsBzVkAR$i2rsSHBdMBV47mMX/MDaLCerA9Y5xAKSXf4XrcKJF3D9SCaKYVg6qWIxpAazADqzfAn3CVjJvm1GoZBESExlu/",
            "",
        ),
        (
            "ldap_bsdi_crypt",
            "{CRYPT}_dD..C1yj1sMlUm9aFK2",
            "p:a$s{w}rd",
        ),
        ("ldap_des_crypt", "{crypt}AMQ9PPe9uqy0M", "password"),
        // slappasswd -h {CRYPT} on Debian 12 (libxcrypt): bigcrypt for more than 8 bytes.
        (
            "ldap_des_crypt",
            "{CRYPT}CmX6rmgoIe8FA/GircjztbDc",
            "abcdefgh9",
        ),
    ];

    #[test]
    fn known_answers() {
        for &(id, h, pw) in KNOWN {
            let Some(s) = find(id) else {
                assert_ne!(id, "dovecot_md5", "md5_crypt is built in");
                continue;
            };
            // The wrapper claims its own string and no other wrapper's.
            for other in wrappers() {
                let want = Match::exact_if(other.id() == id);
                assert_eq!(other.identify(h), want, "{} on {h}", other.id());
            }
            let cred = Credential::new(h);
            assert!(
                s.verify(pw.as_bytes(), &cred, &Limits::DEFAULT).unwrap(),
                "{id}"
            );
            assert!(
                !s.verify(b"wrong", &cred, &Limits::DEFAULT).unwrap(),
                "{id}"
            );
        }
    }

    #[test]
    fn ldap_des_crypt_reads_bigcrypt_bodies() {
        let s = find("ldap_des_crypt").expect("des_crypt is built in");
        let h = "{CRYPT}CmX6rmgoIe8FA/GircjztbDc";
        let cred = Credential::new(h);
        assert!(s.verify(b"abcdefgh9", &cred, &Limits::DEFAULT).unwrap());
        assert!(!s.verify(b"abcdefgh:", &cred, &Limits::DEFAULT).unwrap());
        // The first eight bytes alone make a 13-character hash, not this one.
        assert!(!s.verify(b"abcdefgh", &cred, &Limits::DEFAULT).unwrap());
        let long = "{CRYPT}G3FSjHQQiKJRY7OfjWShjvOA80yIdiuf8BUejlxlWUUuWEntbBDnWquusb7ZqM8.HZTkTS7eTmQAlTgWbSADROus6gedVtIHNv19Q";
        let pw = "0123456789".repeat(8);
        assert!(
            s.verify(
                &pw.as_bytes()[..72],
                &Credential::new(long),
                &Limits::DEFAULT
            )
            .unwrap()
        );
        // Neither 13 nor 2 + 11·k characters.
        let bad = Credential::new("{CRYPT}CmX6rmgoIe8FA/Gircjztb");
        assert_eq!(s.identify(bad.hash()), Match::No);
        assert_eq!(
            s.verify(b"x", &bad, &Limits::DEFAULT).unwrap_err().kind(),
            crate::ErrorKind::Malformed
        );
    }

    #[test]
    fn dovecot_md5_is_md5_crypt_only() {
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
