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

pub(crate) mod argon2;
mod argon2_area;
pub(crate) mod atlassian;
mod fields;
pub(crate) mod fshp;
pub(crate) mod grub;
pub(crate) mod p5k2;
pub(crate) mod pbkdf2;
pub(crate) mod scram;
pub(crate) mod scrypt;

/// This family's schemes, in identification order.
pub(crate) fn schemes() -> Vec<Arc<dyn Scheme>> {
    let mut v: Vec<Arc<dyn Scheme>> = vec![
        Arc::new(argon2::Argon2Scheme),
        Arc::new(scrypt::ScryptScheme),
    ];
    v.extend(pbkdf2::Pbkdf2Digest::ALL.map(|s| Arc::new(s) as Arc<dyn Scheme>));
    v.extend([
        Arc::new(p5k2::CtaPbkdf2Sha1) as Arc<dyn Scheme>,
        Arc::new(p5k2::DlitzPbkdf2Sha1),
        Arc::new(grub::GrubPbkdf2Sha512),
        Arc::new(atlassian::AtlassianPbkdf2Sha1),
        Arc::new(scram::Scram),
        Arc::new(fshp::Fshp),
    ]);
    v
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on an unexpected error"
)]
mod tests {

    use super::schemes;
    use crate::credential::Credential;
    use crate::limits::Limits;
    use crate::scheme::Match;

    /// One valid string of each format (libpass 1.9.4, argon2-cffi, hashcat examples, RustCrypto).
    const SAMPLES: &[&str] = &[
        "$argon2id$v=19$m=64,t=1,p=4$gNAaA0Co9f5fizFGKKU0Bg$+5jRzo/8rhJ8D3gK838LAoeWj0SC+QnTfZI/n7pzkYU",
        "$argon2i$v=16$m=16,t=1,p=2$yD9Ah5BywAA$jf9b0Q",
        "$argon2i$v=19$m=65536,t=2,p=4,keyid=ABCD,data=EFGH$c29tZXNhbHQ$IMit9qkFULCMA/ViizL57cnTLOa5DiVM9eMwpAvPwr4",
        "$scrypt$ln=4,r=8,p=1$QGitFaI0JuRca815jxHinA$1jIumwjgxJOmjZ3rJvVnvlRCoqLLt78iaKbStRcUBPk",
        "$pbkdf2$1000$P0fovVdqLUVorbX2Xuu91w$iqifcmmabmdS1bcAatiqcV/UKMM",
        "$pbkdf2-sha256$1000$as3Zu/f.f8/Zey.FsPZeCw$Npq2H5HY3GXfALPqEWOF1H1uz.URhvzA.YbQxMFJzCY",
        "$pbkdf2-sha256$i=1,l=20$pP6VkipFjxFeLp9swFlx3Q$2IE9beSXkNl/ShZwPMyesmyUPtA",
        "{PBKDF2}1000$g/A.RyjFOCeEEAJgbO2dcw$J70PCb0oHQfx7v7I4lRSqgKWZls",
        "$p5k2$3e8$kLK2FoKQshaC0Don5JyTEg==$BdOX1DB2sXEIStcvBgg_5SxP6kg=",
        "$p5k2$3e8$Ia81dB5gHZK3xZ3o$xsOYNV1sYc9GVQipOEZUhuwbCUKZtX1e",
        "grub.pbkdf2.sha512.1000.1E4388D19A530A01C09873EE5D0B41A8756E0D21A4D41AA334A6F4FE9F3306E0.D2D6913C3930346C3B29F52DCA2EB2F7CF648571D3D4FAB157F46F1EA61DE9D958C3546A4F95E3E65C15A09A8F8B54320C10A0A309468682A5F9DDA81E5E0F58",
        "{PKCS5S2}NTczNTY0NDY2NjQyNzU1Mx8gGiRGobaZYwumctGHbn2ZOHB8LkwzH+Z1gkWfy1zD",
        "$scram$100$2FsrRShFCIEwBkCo$sha-1=0OqIhWna2rslpgU0rPTVjA1Or6A,sha-256=iXwXFQB52WOLuq3U/.JFU9oaqaoYvkGPscBX9kEtfq4",
        "{FSHP1|8|4096}GVSUFDAjdh0vBosn1GUhzGLHP7BmkbCZVH/3TQqGIjADXpc+6NCg3g==",
    ];

    const SPLICE: &[&str] = &[
        "$",
        ",",
        "=",
        "0",
        "9",
        "99999999999",
        " ",
        "\0",
        "é",
        "}",
        "|",
        ".",
        "-",
        "==",
        "m=",
        "i=",
    ];

    /// Truncations and single-character edits of every sample, through every scheme of the
    /// family: no panic; tight limits and a small work budget bound every answer.
    #[test]
    fn hostile_inputs_never_panic() {
        let mut limits = Limits::DEFAULT;
        limits.max_pbkdf2_iterations = 5000;
        limits.max_crypt_rounds = 5000;
        limits.max_memory_bytes = 1 << 22;
        // About 60 ms of work at the most, charged before any of it runs.
        limits.max_work = 1 << 20;
        limits.max_argon2_passes = 4;
        let all = schemes();
        let mut inputs: Vec<String> = Vec::new();
        for s in SAMPLES {
            let cuts: Vec<usize> = (0..=s.len()).filter(|&i| s.is_char_boundary(i)).collect();
            for &i in &cuts {
                inputs.push(s[..i].to_owned());
                for splice in SPLICE {
                    let mut edited = s[..i].to_owned();
                    edited.push_str(splice);
                    if let Some(&next) = cuts.iter().find(|&&j| j > i) {
                        edited.push_str(&s[next..]);
                    }
                    inputs.push(edited);
                }
            }
        }
        for h in &inputs {
            let cred = Credential::new(h.as_str());
            for scheme in &all {
                let claimed = scheme.identify(h) != Match::No;
                let _ = scheme.verify(b"password", &cred, &limits);
                let _ = scheme.inspect(&cred, &limits);
                let _ = scheme.as_target(&cred);
                if claimed {
                    assert!(scheme.prefixes().iter().any(|p| h.starts_with(p)), "{h:?}");
                }
            }
        }
    }

    #[test]
    fn identification_is_unique() {
        for s in SAMPLES {
            let claimed: Vec<String> = schemes()
                .iter()
                .filter(|x| x.identify(s) == Match::Exact)
                .map(|x| x.id().to_owned())
                .collect();
            assert_eq!(claimed.len(), 1, "{s}: {claimed:?}");
        }
    }
}
