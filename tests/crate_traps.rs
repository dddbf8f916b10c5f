//! One regression test per measured divergence between the primitive crates and the real
//! producers, and per hostile cost no crate bounds (see SECURITY.md). Each of these would pass
//! through a naive wrapper of the crate and is guarded in our parsing layer.

use hashbridge::{Credential, ErrorKind, Migrator};

fn m() -> Migrator {
    Migrator::default().with_rehash(false)
}

fn verify(pw: &[u8], hash: &str) -> hashbridge::Result<bool> {
    m().verify(pw, &Credential::new(hash)).map(|o| o.valid)
}

fn kind(pw: &[u8], hash: &str) -> ErrorKind {
    match m().verify(pw, &Credential::new(hash)) {
        Err(e) => e.kind(),
        Ok(o) => panic!("{hash}: expected an error, got {o:?}"),
    }
}

// --- valid real-world hashes a crate refuses or gets wrong ---

#[test]
fn argon2_short_outputs_verify() {
    // argon2-cffi, hash_len=4 (from the public vectors): the argon2 crate's PHC layer refuses it.
    assert!(verify(b"", "$argon2d$v=16$m=16,t=1,p=2$0BG3BAVfRsI$uyFKsg").is_ok());
}

#[test]
fn argon2_without_version_field_is_version_16() {
    // libargon2 before 2016 and passlib read a missing `v=` as 0x10; the crate assumes 0x13.
    // The same hash with and without its `v=16` field must give the same answer.
    let with_v = "$argon2i$v=16$m=32,t=2,p=1$7UJ6IDQmtWk$QfwGyRZ7P4fdY1fEIcTGEA";
    let without_v = with_v.replacen("v=16$", "", 1);
    for pw in [b"password".as_slice(), b"hashcat", b""] {
        assert_eq!(verify(pw, with_v).ok(), verify(pw, &without_v).ok());
    }
}

#[test]
fn scrypt_short_salt_verifies() {
    // RFC 7914 section 12, second vector: P="password", S="NaCl", N=1024, r=8, p=16, dkLen=64.
    // The scrypt crate refuses salts under 8 bytes.
    let h = "$scrypt$ln=10,r=8,p=16$TmFDbA$/bq+HJ00cgB4VucZDQHp/nxq18vII3gw53N2Y0s3MWIurzDZLiKjiG/xCSedmDDaxyevuUqD7m2DYMvfoswGQA";
    assert_eq!(verify(b"password", h).ok(), Some(true));
    assert_eq!(verify(b"passwort", h).ok(), Some(false));
}

#[test]
fn sha_crypt_empty_salt_verifies() {
    // glibc/libxcrypt crypt("password", "$5$$") and "$6$$"; sha-crypt 0.6 refuses empty salts.
    assert_eq!(
        verify(
            b"password",
            "$5$$V0edGK/GfSrNwzYCrbML4V/gvkNuNTfvn.Pt/LMSAf8"
        )
        .ok(),
        Some(true)
    );
    assert_eq!(
        verify(
            b"password",
            "$6$$bLTg4cpho8PIUrjfsE7qlU08Qx2UEfw..xOc6I1wpGVtyVYToGrr7BzRdAAnEr5lYFr1Z9WcCf1xNZ1HG9qFW1"
        )
        .ok(),
        Some(true)
    );
    assert_eq!(
        verify(
            b"password",
            "$6$rounds=1000$$6TFP.7u1vZP5A9fccvmUPteI8f29BLhgfqL1XEQqcrvqTSKKw5SBa2qw1sOwLEQ41Dhl1u/Jbi2hRHRYCdxuv0"
        )
        .ok(),
        Some(true)
    );
}

#[test]
fn pbkdf2_sha1_passlib_form_verifies() {
    // hashcat's example for mode 20400 (passlib pbkdf2-sha1); the pbkdf2 crate has no SHA-1 MCF.
    assert_eq!(
        verify(
            b"hashcat",
            "$pbkdf2$131000$r5WythYixPgfQ2jt3buXcg$8Kdr.QQEOaZIXNOrrru36I/.6Po"
        )
        .ok(),
        Some(true)
    );
}

// --- malformed hashes a crate accepts ---

#[test]
fn pbkdf2_truncated_digest_is_refused() {
    let full =
        "$pbkdf2-sha256$29000$x9h7j/Ge8x6DMEao1VqrdQ$kra3R1wEnY8mPdDWOpTqOTINaAmZvRMcYd8u5OBQP9A";
    assert_eq!(verify(b"hashcat", full).ok(), Some(true));
    let truncated = &full[..full.len() - 10];
    assert!(!matches!(verify(b"hashcat", truncated), Ok(true)));
    let django = "pbkdf2_sha256$10000$1135411628$bFYX62rfJobJ07VwrUMXfuffLfj2RDM2G6/BrTrUWkE=";
    assert!(!matches!(
        verify(b"hashcat", &django[..django.len() - 8]),
        Ok(true)
    ));
}

#[test]
fn argon2_duplicate_missing_reordered_params_are_refused() {
    let salt_hash = "$c29tZXNhbHRzb21lc2FsdA$SRpX2MBRBgtiJR1haYQFd6V9XiAOiz7ECJ7qBzS3j5Q";
    for params in [
        "m=1024,t=2,p=1,p=1",
        "m=1024,t=2",
        "t=2,m=1024,p=1",
        "m=1024,m=1024,t=2,p=1",
    ] {
        let h = format!("$argon2id$v=19${params}{salt_hash}");
        assert_eq!(kind(b"x", &h), ErrorKind::Malformed, "{h}");
    }
}

#[test]
fn bcrypt_signed_cost_and_2x_are_not_2a() {
    assert_eq!(
        kind(
            b"x",
            "$2a$+5$MBCzKhG1KhezLh.0LRa0Kuw12nLJtpHy6DIaU.JAnqJUDYspHC.Ou"
        ),
        ErrorKind::Malformed
    );
    // crypt_blowfish's own test vectors (wrapper.c): the same 8-bit password under $2x$ and $2a$.
    let pw = [0xa3u8];
    assert_eq!(
        verify(
            &pw,
            "$2x$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e"
        )
        .ok(),
        Some(true)
    );
    assert_eq!(
        verify(
            &pw,
            "$2a$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq"
        )
        .ok(),
        Some(true)
    );
    assert_eq!(
        verify(
            &pw,
            "$2a$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e"
        )
        .ok(),
        Some(false)
    );
    // $2a$'s countermeasure changes the result for "\xff\xff\xa3"; $2b$ and $2y$ do not need it.
    let pw = [0xffu8, 0xff, 0xa3];
    assert_eq!(
        verify(
            &pw,
            "$2a$05$/OK.fbVrR/bpIqNJ5ianF.nqd1wy.pTMdcvrRWxyiGL2eMz.2a85."
        )
        .ok(),
        Some(true)
    );
    assert_eq!(
        verify(
            &pw,
            "$2b$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e"
        )
        .ok(),
        Some(true)
    );
    assert_eq!(
        verify(
            &pw,
            "$2x$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e"
        )
        .ok(),
        Some(true)
    );
}

#[test]
fn unparseable_hashes_are_errors_not_wrong_passwords() {
    for h in [
        "$1$",
        "$6$abc",
        "$2b$10$tooshort",
        "$argon2id$v=19$m=64",
        "not a hash at all",
    ] {
        assert!(verify(b"x", h).is_err(), "{h}");
    }
}

// --- hostile costs no crate bounds ---

#[test]
fn scrypt_huge_memory_is_refused_before_allocating() {
    let h = "$scrypt$ln=40,r=8,p=1$c2FsdHNhbHQ$zwBJXaflvo6rH7z1SKUwDyxZKxWnuV2Pkl+77g";
    assert_eq!(kind(b"x", h), ErrorKind::Limit);
}

#[test]
fn bcrypt_cost_31_is_refused() {
    let h = "$2b$31$MBCzKhG1KhezLh.0LRa0Kuw12nLJtpHy6DIaU.JAnqJUDYspHC.Ou";
    assert_eq!(kind(b"x", h), ErrorKind::Limit);
}

#[test]
fn pbkdf2_max_iterations_are_refused() {
    let h = "$pbkdf2-sha256$4294967295$x9h7j/Ge8x6DMEao1VqrdQ$kra3R1wEnY8mPdDWOpTqOTINaAmZvRMcYd8u5OBQP9A";
    assert_eq!(kind(b"x", h), ErrorKind::Limit);
}

#[test]
fn megabyte_password_is_refused_before_sha_crypt_runs() {
    let pw = vec![b'a'; 1 << 20];
    let h = "$6$72820166$U4DVzpcYxgw7MVVDGGvB2/H5lRistD5.Ah4upwENR5UtffLR4X4SxSzfREv8z6wVl0jRFX40/KnYVvK4829kD1";
    assert_eq!(kind(&pw, h), ErrorKind::Limit);
}
