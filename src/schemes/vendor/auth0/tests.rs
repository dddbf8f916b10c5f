//! Known answers for every algorithm (each table says where it was computed) and the refusals.

use super::*;
use crate::ErrorKind;
use crate::encoding::b64;
use crate::primitives::Algorithm;

/// The password behind the Node.js-computed answers below (non-ASCII and astral on purpose).
const PW: &str = "pässwörd🔑";

/// The scheme as the registry builds it, over the built-in bcrypt and argon2 schemes.
fn scheme() -> Auth0CustomPasswordHash {
    Auth0CustomPasswordHash::new(
        crate::schemes::core("bcrypt"),
        crate::schemes::core("argon2"),
    )
}

fn verify(pw: &[u8], hash: &str) -> Result<bool> {
    scheme().verify(pw, &Credential::new(hash), &Limits::DEFAULT)
}

fn check(hash: &str) {
    assert_eq!(scheme().identify(hash), Match::Exact, "{hash}");
    assert!(verify(PW.as_bytes(), hash).unwrap(), "{hash}");
    assert!(!verify(b"passw0rd", hash).unwrap(), "{hash}");
}

#[test]
fn salted_digests() {
    // md5(salt || password) with a UTF-8 salt, hex; Python hashlib.
    let h = r#"{"algorithm":"md5","hash":{"value":"9bc613af69bf051917d1b8696f1e762b","encoding":"hex"},"salt":{"value":"salt1é","encoding":"utf8","position":"prefix"}}"#;
    assert!(verify(b"hashcat", h).unwrap());
    // Upper-case hex is accepted, as Auth0 documents.
    assert!(verify(b"hashcat", &h.replace("9bc613af69bf", "9BC613AF69BF")).unwrap());
}

#[test]
fn first_schema_generation() {
    // Auth0's 2018 schema: hash as a string, salt_prefix and salt_suffix; Python hashlib.
    let h = r#"{"algorithm":"md5","hash":"E6F9D7938FAB9FCF5654AB5F12AA9DBE","encoding":"hex","salt_prefix":"ab","salt_suffix":"cd"}"#;
    assert_eq!(scheme().identify(h), Match::Exact);
    assert!(verify(b"hashcat", h).unwrap());
    assert!(!verify(b"hashcaT", h).unwrap());
    let h = r#"{"algorithm":"sha256","hash":"En5vv-JKdQ5ykwwiCo4TgnVla45dj0ipjDyS3yyrqTU","encoding":"base64"}"#;
    assert!(verify(b"hashcat", h).unwrap());
    for bad in [
        r#"{"algorithm":"md5","hash":"e6f9d7938fab9fcf5654ab5f12aa9dbe"}"#,
        r#"{"algorithm":"md5","hash":"e6f9d7938fab9fcf5654ab5f12aa9dbe","encoding":"hex","salt":{"value":"x"}}"#,
        r#"{"algorithm":"argon2","hash":"$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA","salt_prefix":"x"}"#,
        r#"{"algorithm":"hmac","hash":"e6f9d7938fab9fcf5654ab5f12aa9dbe","encoding":"hex"}"#,
    ] {
        assert_eq!(
            verify(b"x", bad).unwrap_err().kind(),
            ErrorKind::Malformed,
            "{bad}"
        );
    }
}

#[test]
fn password_encodings() {
    // Node.js 20: sha256(Buffer.from("NaCl") + Buffer.from(password, encoding)).
    for (enc, digest) in [
        ("latin1", "9DIUVXPO7UJuj298WJnWXO5O9e05h1aiR66+Val0sAM="),
        ("ascii", "9DIUVXPO7UJuj298WJnWXO5O9e05h1aiR66+Val0sAM="),
        ("utf16le", "Le1ZJMSX3aUbt2PhLTzrosFV2I3ZmuO4nSxooll1GLw="),
        ("ucs2", "Le1ZJMSX3aUbt2PhLTzrosFV2I3ZmuO4nSxooll1GLw="),
    ] {
        check(&format!(
            r#"{{"algorithm":"sha256","hash":{{"value":"{digest}","encoding":"base64"}},"salt":{{"value":"NaCl"}},"password":{{"encoding":"{enc}"}}}}"#
        ));
    }
    // A password that is not UTF-8 cannot be transcoded: never a match, not an error.
    let h = r#"{"algorithm":"sha256","hash":{"value":"Le1ZJMSX3aUbt2PhLTzrosFV2I3ZmuO4nSxooll1GLw=","encoding":"base64"},"password":{"encoding":"utf16le"}}"#;
    assert!(!verify(b"\xff\xfe", h).unwrap());
}

#[test]
fn hmac_digests() {
    // Node.js 20 (with OpenSSL's legacy provider for md4 and whirlpool):
    // createHmac(digest, Buffer.from("6b6579", "hex")).update(password).digest("hex").
    for (digest, mac) in [
        ("ripemd160", "7795f8ddd21a44d1bb467828432c206c5d20ae7b"),
        (
            "sha224",
            "5b8e7b343526a2699a1186ef966f237d92bbda56e952df2a6c83a8a7",
        ),
        (
            "sha384",
            "a03b896631658939a0d7e497f7d4c0d3f64157e803d41a5ea9fc0ddb2d0633f85755d580ad20cfb805164670f625a04d",
        ),
        ("md4", "1cf32b1c59bea4e48f0f67bf3d1c14be"),
        (
            "whirlpool",
            "782f7631c1e091b791120ad3a7f1f7d5ce011006d638498717af23da4f305f60855c6f4075d70fe148033bbc75099bdbbc73ecf04742019ae28ca4696397e975",
        ),
    ] {
        check(&format!(
            r#"{{"algorithm":"hmac","hash":{{"value":"{mac}","encoding":"hex","digest":"{digest}","key":{{"value":"6b6579","encoding":"hex"}}}}}}"#
        ));
    }
}

#[test]
fn pbkdf2_digests() {
    // Node.js 20: pbkdf2Sync(password, "saltsalt", 1000, 24, digest), unpadded base64.
    for (digest, key) in [
        ("md4", "wvsve1gqmFXlBYkvJQ7Z46iZPcXOZ83p"),
        ("ripemd160", "jDkQWNUrb+pAbVf+Dt8GcyI4Gfqthhck"),
        ("whirlpool", "ue4gWUbCAtoDlMCXo5P2GxCTFjtGfqyE"),
        ("sha224", "OJyzGsbtrhEa/b2sZRzjYFPMT66KPO1S"),
        ("RSA-SHA1", "i6Af85FbGGj3No3i1rxF9CDawX7XvIVQ"),
        ("ssl3-md5", "w7ENHaLSFo/9eTN6+AnIAD0YNizwnPrl"),
    ] {
        check(&format!(
            r#"{{"algorithm":"pbkdf2","hash":{{"value":"$pbkdf2-{digest}$i=1000,l=24$c2FsdHNhbHQ${key}","encoding":"utf8"}}}}"#
        ));
    }
    // Parameters in the other order are the same parameters.
    check(
        r#"{"algorithm":"pbkdf2","hash":{"value":"$pbkdf2-sha224$l=24,i=1000$c2FsdHNhbHQ$OJyzGsbtrhEa/b2sZRzjYFPMT66KPO1S"}}"#,
    );
}

#[test]
fn scrypt_and_ldap() {
    // Node.js 20: scryptSync(password, "abc123", 32, {N: 1024, r: 4, p: 2}).
    check(
        r#"{"algorithm":"scrypt","hash":{"value":"89cf011464d8dac473fa1053758c75844874f6da0cccde250c60c70c3e8ad60d","encoding":"hex"},"salt":{"value":"abc123","encoding":"utf8"},"keylen":32,"cost":1024,"blockSize":4,"parallelization":2}"#,
    );
    // RFC 2307 values from passlib, checked with Python hashlib.
    let ssha = r#"{"algorithm":"ldap","hash":{"value":"{SSHA}6M3fqVXaE6ne3462UdBWzToJuB9diwSPxrasmg==","encoding":"utf8"}}"#;
    assert!(verify(b"password", ssha).unwrap());
    assert!(!verify(b"password1", ssha).unwrap());
    let smd5 = r#"{"algorithm":"ldap","hash":{"value":"{smd5}p4hgrSNgRXw1wL2r36ABK4Fxm9OGINgh"}}"#;
    assert!(verify(b"correct horse battery staple", smd5).unwrap());
}

/// The `ldap` body reads RFC 2307 values as the directory family does: a salted value needs at
/// least one byte of salt and at most `Limits::max_salt_bytes`.
#[test]
fn ldap_salts_are_bounded_like_the_directory_family() {
    let ldap = |raw: &[u8]| {
        format!(
            r#"{{"algorithm":"ldap","hash":{{"value":"{{SSHA}}{}"}}}}"#,
            b64::encode(&b64::STANDARD, raw)
        )
    };
    let sha1 = Algorithm::Sha1.digest(&[b"password"]);
    // SHA-1 alone under the salted marker: no salt.
    let e = verify(b"password", &ldap(sha1.as_bytes())).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Malformed, "{e}");
    let salt = vec![7u8; Limits::DEFAULT.max_salt_bytes + 1];
    let e = verify(b"password", &ldap(&[sha1.as_bytes(), &salt].concat())).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Limit, "{e}");
}

#[test]
fn delegated_bodies() {
    // Auth0's documented bcrypt example ("hello", cost 10), and with a salt object around the
    // password: bcrypt("salt" || "hello").
    let h = r#"{"algorithm":"bcrypt","hash":{"value":"$2b$10$nFguVi9LsCAcvTZFKQlRKeLVydo8ETv483lkNsSFI/Wl1Rz1Ypo1K"}}"#;
    let salted = r#"{"algorithm":"bcrypt","hash":{"value":"$2b$10$nFguVi9LsCAcvTZFKQlRKeLVydo8ETv483lkNsSFI/Wl1Rz1Ypo1K"},"salt":{"value":"hel","position":"prefix"}}"#;
    // An argon2id hash from argon2-cffi 25.1.0 (via passlib).
    let a = r#"{"algorithm":"argon2","hash":{"value":"$argon2id$v=19$m=64,t=1,p=4$gNAaA0Co9f5fizFGKKU0Bg$+5jRzo/8rhJ8D3gK838LAoeWj0SC+QnTfZI/n7pzkYU","encoding":"utf8"}}"#;
    for (id, hash, good, bad) in [
        ("bcrypt", h, &b"hello"[..], &b"hellO"[..]),
        ("bcrypt", salted, b"lo", b"hello"),
        ("argon2", a, "pässwörd".as_bytes(), b"passwort"),
    ] {
        match crate::schemes::core(id) {
            Some(_) => {
                assert!(verify(good, hash).unwrap(), "{hash}");
                assert!(!verify(bad, hash).unwrap(), "{hash}");
            }
            None => assert_eq!(
                verify(good, hash).unwrap_err().kind(),
                ErrorKind::Unsupported
            ),
        }
    }
}

#[test]
fn rejects_malformed() {
    for (h, kind) in [
        (r#"{"algorithm":"sha256""#, ErrorKind::Malformed),
        (r#"{"algorithm":"sha256"}"#, ErrorKind::Malformed),
        (r#""sha256""#, ErrorKind::Malformed),
        (
            r#"{"algorithm":"whirlpool","hash":{"value":"abc","encoding":"hex"}}"#,
            ErrorKind::Malformed,
        ),
        (
            r#"{"algorithm":"pbkdf2","hash":{"value":"$pbkdf2-sha256$i=4294967295,l=32$c2FsdA$aGFzaA","encoding":"utf8"}}"#,
            ErrorKind::Limit,
        ),
        (
            r#"{"algorithm":"pbkdf2","hash":{"value":"$pbkdf2-sha256$i=1000,l=4294967295$c2FsdA$aGFzaA","encoding":"utf8"}}"#,
            ErrorKind::Limit,
        ),
        (
            r#"{"algorithm":"pbkdf2","hash":{"value":"$pbkdf2-sha256$i=1000,i=1000,l=32$c2FsdA$aGFzaA","encoding":"utf8"}}"#,
            ErrorKind::Malformed,
        ),
        (
            r#"{"algorithm":"pbkdf2","hash":{"value":"$pbkdf2-sha256$i=1000,l=5$c2FsdA$aGFzaA","encoding":"utf8"}}"#,
            ErrorKind::Malformed,
        ),
        (
            r#"{"algorithm":"pbkdf2","hash":{"value":"$pbkdf2-sha256$29000$c2FsdA$aGFzaA"}}"#,
            ErrorKind::Malformed,
        ),
        (
            r#"{"algorithm":"pbkdf2","hash":{"value":"$pbkdf2-mdc2$i=1,l=4$c2FsdA$aGFzaA"}}"#,
            ErrorKind::Unsupported,
        ),
        (
            r#"{"algorithm":"pbkdf2","hash":{"value":"$pbkdf2-sha1$i=1,l=4$c2FsdA$aGFzaA"},"salt":{"value":"x"}}"#,
            ErrorKind::Malformed,
        ),
        (
            r#"{"algorithm":"sha1","hash":{"value":"abcd","encoding":"hex"}}"#,
            ErrorKind::Malformed,
        ),
        (
            r#"{"algorithm":"sha1","hash":{"value":"a9993e364706816aba3e25717850c26c9cd0d89d","encoding":"utf8"}}"#,
            ErrorKind::Malformed,
        ),
        (
            r#"{"algorithm":"sha1","hash":{"value":"a9993e364706816aba3e25717850c26c9cd0d89d"}}"#,
            ErrorKind::Malformed,
        ),
        (
            r#"{"algorithm":"sha1","hash":{"value":"a9993e364706816aba3e25717850c26c9cd0d89d","encoding":"hex"},"salt":{"value":"x","position":"middle"}}"#,
            ErrorKind::Malformed,
        ),
        (
            r#"{"algorithm":"sha1","hash":{"value":"a9993e364706816aba3e25717850c26c9cd0d89d","encoding":"hex"},"password":{"encoding":"ebcdic"}}"#,
            ErrorKind::Malformed,
        ),
        (
            r#"{"algorithm":"sha1","hash":{"value":"a9993e364706816aba3e25717850c26c9cd0d89d","encoding":"hex"},"extra":1}"#,
            ErrorKind::Malformed,
        ),
        (
            r#"{"algorithm":"sha1","hash":{"value":"a9993e364706816aba3e25717850c26c9cd0d89d","encoding":"hex"},"algorithm":"md5"}"#,
            ErrorKind::Malformed,
        ),
        (
            r#"{"algorithm":"hmac","hash":{"value":"a9993e364706816aba3e25717850c26c9cd0d89d","encoding":"hex","digest":"sha1"}}"#,
            ErrorKind::Malformed,
        ),
        (
            r#"{"algorithm":"scrypt","hash":{"value":"00","encoding":"hex"},"keylen":1,"cost":1099511627776}"#,
            ErrorKind::Limit,
        ),
        (
            r#"{"algorithm":"scrypt","hash":{"value":"00","encoding":"hex"},"keylen":1,"cost":1000}"#,
            ErrorKind::Malformed,
        ),
        (
            r#"{"algorithm":"scrypt","hash":{"value":"00","encoding":"hex"}}"#,
            ErrorKind::Malformed,
        ),
        (
            r#"{"algorithm":"ldap","hash":{"value":"{CRYPT}$1$abc$def"}}"#,
            ErrorKind::Unsupported,
        ),
        (
            r#"{"algorithm":"ldap","hash":{"value":"{SHA}AAAA"}}"#,
            ErrorKind::Malformed,
        ),
        (
            r#"{"algorithm":"bcrypt","hash":{"value":"$2x$05$abcdefghijklmnopqrstuv0123456789012345678901234567890"}}"#,
            ErrorKind::Malformed,
        ),
        (
            r#"{"algorithm":"argon2","hash":{"value":"$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA","encoding":"hex"}}"#,
            ErrorKind::Malformed,
        ),
    ] {
        let e = verify(b"hashcat", h).expect_err(h);
        assert_eq!(e.kind(), kind, "{h}: {e}");
    }
}
