//! Keycloak's PBKDF2 password credentials (`keycloak_pbkdf2`), as realm exports and the admin
//! REST API represent them.
//!
//! Since Keycloak 7 a credential is
//!
//! ```text
//! {"type":"password",
//!  "secretData":"{\"value\":\"<base64 key>\",\"salt\":\"<base64 salt>\",\"additionalParameters\":{}}",
//!  "credentialData":"{\"hashIterations\":27500,\"algorithm\":\"pbkdf2-sha256\",\"additionalParameters\":{}}"}
//! ```
//!
//! with `secretData` and `credentialData` JSON documents stored as strings inside the JSON (the
//! database columns, copied verbatim); tools that decode them write nested objects instead, and
//! both are read. Older exports (and Keycloak's import, which still accepts them) use one flat
//! object: `{"type":"password","hashedSaltedValue":..,"salt":..,"hashIterations":..,"algorithm":..}`;
//! `value` in place of `hashedSaltedValue` is read the same way when the other three members are
//! there (alone, `value` is a plaintext password and is refused).
//!
//! Algorithms (Keycloak's `Pbkdf2*PasswordHashProviderFactory`): `pbkdf2` is PBKDF2-HMAC-SHA1,
//! `pbkdf2-sha256` and `pbkdf2-sha512` what they say. Keycloak verifies with a derived-key length
//! equal to the stored value's length (512 bits by default, 256 for `pbkdf2-sha256` since
//! Keycloak 19, 1024 in some older SHA-512 setups), so the value's length is used here too. The
//! password is hashed as UTF-8, as Java's `PBKDF2WithHmacSHA*` does.
//!
//! Keycloak can pad short passwords with NUL characters (the `max-padding-length` option, for
//! FIPS mode; Keycloak 21.0 always padded to 14). Nothing needs doing for those hashes: HMAC pads
//! keys shorter than its block with zero bytes anyway, so a NUL-padded password is the same
//! PBKDF2 key as the unpadded one.
//!
//! Everything is in the string, which is recognised by its member names. Weaknesses: iteration
//! counts of older realms (20000-27500) are low for PBKDF2; always upgraded on login.

use std::sync::Arc;

use serde_json::Value;

use super::common::{Obj, base64_field, json_shape, parse_object};
use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::ct_eq;
use crate::primitives::digest::Algorithm;
use crate::scheme::{Match, Scheme};

const ID: &str = "keycloak_pbkdf2";

/// Keycloak PBKDF2 credential representation.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct KeycloakPbkdf2;

/// A validated credential.
struct Parsed {
    alg: Algorithm,
    alg_name: &'static str,
    iterations: u64,
    salt: Vec<u8>,
    value: Vec<u8>,
}

fn algorithm(name: &str) -> Result<(Algorithm, &'static str)> {
    match name {
        "pbkdf2" => Ok((Algorithm::Sha1, "pbkdf2")),
        "pbkdf2-sha256" => Ok((Algorithm::Sha256, "pbkdf2-sha256")),
        "pbkdf2-sha512" => Ok((Algorithm::Sha512, "pbkdf2-sha512")),
        "argon2" => Err(Error::unsupported(format!(
            "{ID}: an argon2 credential; it is read by {ARGON2_ID}"
        ))),
        "bcrypt" => Err(Error::unsupported(format!(
            "{ID}: Keycloak's {name} credentials are not read by this scheme"
        ))),
        _ => Err(Error::malformed(
            ID,
            "algorithm",
            "unknown; expected pbkdf2, pbkdf2-sha256 or pbkdf2-sha512",
        )),
    }
}

/// `secretData` / `credentialData`: a JSON document in a string, or the decoded object.
fn nested<T>(
    scheme: &'static str,
    outer: &Obj<'_>,
    path: &'static str,
    f: impl FnOnce(Obj<'_>) -> Result<T>,
) -> Result<T> {
    match outer.value(path) {
        None => Err(Error::malformed(scheme, path, "missing")),
        Some(Value::String(s)) => {
            let m = parse_object(scheme, path, s)?;
            f(Obj::new(scheme, &m))
        }
        Some(Value::Object(m)) => f(Obj::new(scheme, m)),
        Some(_) => Err(Error::malformed(
            scheme,
            path,
            "expected a JSON object or a string holding one",
        )),
    }
}

/// Whether the credential names the `argon2` algorithm: `"argon2"` as a JSON string, bare or
/// inside a string-encoded `credentialData`. Base64 salts and values never hold a quote, so they
/// cannot fake it.
fn names_argon2(hash: &str) -> bool {
    hash.contains("\"argon2\"") || hash.contains("\\\"argon2\\\"")
}

fn finish(alg: &str, iterations: u64, salt: &str, value: &str, limits: &Limits) -> Result<Parsed> {
    let (alg, alg_name) = algorithm(alg)?;
    limits.pbkdf2_iterations(ID, iterations)?;
    let salt = base64_field(ID, "salt", salt)?;
    limits.salt_len(ID, salt.len())?;
    let value = base64_field(ID, "value", value)?;
    limits.pbkdf2(ID, alg, iterations, value.len())?;
    Ok(Parsed {
        alg,
        alg_name,
        iterations,
        salt,
        value,
    })
}

fn parse(hash: &str, limits: &Limits) -> Result<Parsed> {
    let map = parse_object(ID, "json", hash)?;
    let o = Obj::new(ID, &map);
    if o.str("type")?.is_some_and(|t| t != "password") {
        return Err(Error::malformed(ID, "type", "not a password credential"));
    }
    if o.has("secretData") || o.has("credentialData") {
        // credentialData says what the secret means: read it first.
        let (alg, iterations) = nested(ID, &o, "credentialData", |c| {
            Ok((
                c.req_str("credentialData.algorithm")?.to_owned(),
                c.req_u64("credentialData.hashIterations")?,
            ))
        })?;
        nested(ID, &o, "secretData", |s| {
            let value = s.req_str("secretData.value")?;
            let salt = s.req_str("secretData.salt")?;
            finish(&alg, iterations, salt, value, limits)
        })
    } else {
        let value = match (o.str("hashedSaltedValue")?, o.str("value")?) {
            (Some(v), _) => v,
            (None, Some(v)) if o.has("hashIterations") && o.has("salt") => v,
            _ => {
                return Err(Error::malformed(
                    ID,
                    "secretData",
                    "missing (neither secretData/credentialData nor hashedSaltedValue)",
                ));
            }
        };
        let alg = o.req_str("algorithm")?;
        let iterations = o.req_u64("hashIterations")?;
        let salt = o.req_str("salt")?;
        finish(alg, iterations, salt, value, limits)
    }
}

/// A PBKDF2 credential as a portable step.
pub(crate) fn portable(
    cred: &Credential,
    limits: &Limits,
) -> Result<crate::schemes::portable::Portable> {
    let p = parse(cred.hash(), limits)?;
    Ok(crate::schemes::portable::Portable {
        step: crate::schemes::portable::Step::Pbkdf2 {
            alg: p.alg,
            iterations: p.iterations,
            salt: p.salt,
            encoding: crate::schemes::portable::PasswordEncoding::Utf8,
        },
        digest: p.value,
        scheme: ID,
    })
}

/// An argon2 credential as a portable step.
pub(crate) fn argon2_portable(
    cred: &Credential,
    limits: &Limits,
) -> Result<crate::schemes::portable::Portable> {
    let phc = argon2_phc(cred.hash())?;
    let mut d = crate::schemes::phc::argon2::portable(&Credential::new(phc), limits)
        .map_err(|e| rename(e, ARGON2_ID))?;
    d.scheme = ARGON2_ID;
    Ok(d)
}

impl Scheme for KeycloakPbkdf2 {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &["{"]
    }

    fn identify(&self, hash: &str) -> Match {
        if names_argon2(hash) {
            return Match::No;
        }
        match json_shape(hash, &["\"secretData\"", "\"credentialData\""], &[]) {
            Match::No => json_shape(hash, &["\"hashIterations\"", "\"salt\""], &[]),
            m => m,
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = parse(cred.hash(), limits)?;
        let ours = crate::primitives::pbkdf2::derive(
            ID,
            p.alg,
            password,
            &p.salt,
            p.iterations,
            p.value.len(),
            limits,
        )?;
        Ok(ct_eq(&ours, &p.value))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = parse(cred.hash(), limits)?;
        Ok(vec![
            ("algorithm", p.alg_name.to_owned()),
            ("iterations", p.iterations.to_string()),
            ("key_bits", (p.value.len() * 8).to_string()),
            ("salt_bytes", p.salt.len().to_string()),
        ])
    }
}

const ARGON2_ID: &str = "keycloak_argon2";

/// Keycloak's argon2 password credentials (`keycloak_argon2`), the default hash of Keycloak 24+
/// outside FIPS mode (`Argon2PasswordHashProvider`):
///
/// ```text
/// {"type":"password",
///  "secretData":"{\"value\":\"<base64 hash>\",\"salt\":\"<base64 salt>\",\"additionalParameters\":{}}",
///  "credentialData":"{\"hashIterations\":5,\"algorithm\":\"argon2\",\"additionalParameters\":
///     {\"hashLength\":[\"32\"],\"memory\":[\"7168\"],\"type\":[\"id\"],\"version\":[\"1.3\"],\"parallelism\":[\"1\"]}}"}
/// ```
///
/// `hashIterations` is argon2's t, `memory` its m in KiB, `type` one of `id`, `i`, `d` and
/// `version` `1.3` or `1.0`; each additional parameter is a list whose first element counts,
/// as Keycloak's `MultivaluedHashMap.getFirst` reads it. The password is hashed as UTF-8
/// (BouncyCastle's `Argon2BytesGenerator` with its default UTF-8 converter), without secret or
/// associated data. The credential is verified as the PHC string it amounts to, by the `argon2`
/// scheme, which applies the argon2 limits. Keycloak's defaults (m = 7 MiB, t = 5) are below
/// the usual upgrade target, and the storage format differs anyway: always upgraded on login.
pub(crate) struct KeycloakArgon2 {
    argon2: Arc<dyn Scheme>,
}

impl KeycloakArgon2 {
    /// The scheme, verifying through `argon2` (the PHC argon2 scheme).
    pub(crate) fn new(argon2: Arc<dyn Scheme>) -> Self {
        KeycloakArgon2 { argon2 }
    }
}

/// The first element of an additional parameter (`"memory":["7168"]`).
fn first_param<'a>(params: Option<&'a Value>, key: &'static str) -> Result<&'a str> {
    let missing = || Error::malformed(ARGON2_ID, "credentialData.additionalParameters", key);
    match params.and_then(|p| p.get(key)) {
        Some(Value::Array(items)) => items.first().and_then(Value::as_str).ok_or_else(missing),
        Some(Value::String(s)) => Ok(s),
        _ => Err(missing()),
    }
}

/// The credential as the PHC argon2 string it amounts to.
fn argon2_phc(hash: &str) -> Result<String> {
    let map = parse_object(ARGON2_ID, "json", hash)?;
    let o = Obj::new(ARGON2_ID, &map);
    if o.str("type")?.is_some_and(|t| t != "password") {
        return Err(Error::malformed(
            ARGON2_ID,
            "type",
            "not a password credential",
        ));
    }
    let (t, variant, version, m, p, len) = nested(ARGON2_ID, &o, "credentialData", |c| {
        if c.req_str("credentialData.algorithm")? != "argon2" {
            return Err(Error::malformed(
                ARGON2_ID,
                "credentialData.algorithm",
                "not argon2",
            ));
        }
        let t = c.req_u64("credentialData.hashIterations")?;
        let extra = c.value("credentialData.additionalParameters");
        let number =
            |key| crate::primitives::number::decimal(ARGON2_ID, key, first_param(extra, key)?);
        let variant = match first_param(extra, "type")? {
            "id" => "argon2id",
            "i" => "argon2i",
            "d" => "argon2d",
            _ => {
                return Err(Error::malformed(ARGON2_ID, "type", "expected id, i or d"));
            }
        };
        let version = match first_param(extra, "version")? {
            "1.3" => 19,
            "1.0" => 16,
            _ => {
                return Err(Error::malformed(
                    ARGON2_ID,
                    "version",
                    "expected 1.3 or 1.0",
                ));
            }
        };
        Ok((
            t,
            variant,
            version,
            number("memory")?,
            number("parallelism")?,
            number("hashLength")?,
        ))
    })?;
    let (value, salt) = nested(ARGON2_ID, &o, "secretData", |s| {
        Ok((
            base64_field(
                ARGON2_ID,
                "secretData.value",
                s.req_str("secretData.value")?,
            )?,
            base64_field(ARGON2_ID, "secretData.salt", s.req_str("secretData.salt")?)?,
        ))
    })?;
    // Keycloak computes hashLength bytes and compares the base64 texts: a value of another
    // length never matches, and would make a different PHC string here.
    if value.len() as u64 != len {
        return Err(Error::malformed(
            ARGON2_ID,
            "secretData.value",
            "not hashLength bytes long",
        ));
    }
    let b64 = |b: &[u8]| crate::encoding::b64::encode(&crate::encoding::b64::STANDARD_NO_PAD, b);
    Ok(format!(
        "${variant}$v={version}$m={m},t={t},p={p}${}${}",
        b64(&salt),
        b64(&value)
    ))
}

impl Scheme for KeycloakArgon2 {
    fn id(&self) -> &str {
        ARGON2_ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &["{"]
    }

    fn identify(&self, hash: &str) -> Match {
        if names_argon2(hash) {
            json_shape(hash, &["\"secretData\"", "\"credentialData\""], &[])
        } else {
            Match::No
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let phc = argon2_phc(cred.hash())?;
        self.argon2
            .verify(password, &Credential::new(phc), limits)
            .map_err(|e| rename(e, ARGON2_ID))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let phc = argon2_phc(cred.hash())?;
        self.argon2
            .inspect(&Credential::new(phc), limits)
            .map_err(|e| rename(e, ARGON2_ID))
    }
}

/// An error of the inner argon2 scheme, under this scheme's id.
fn rename(e: Error, scheme: &'static str) -> Error {
    match e {
        Error::Malformed { field, reason, .. } => Error::Malformed {
            scheme: scheme.into(),
            field,
            reason,
        },
        Error::Limit {
            param,
            value,
            limit,
            knob,
            ..
        } => Error::Limit {
            scheme: scheme.into(),
            param,
            value,
            limit,
            knob,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn realm_export(secret: &str, cred: &str) -> String {
        serde_json::json!({"type": "password", "secretData": secret, "credentialData": cred})
            .to_string()
    }

    /// A realm-export credential (pbkdf2-sha256, 27500 iterations, 256-bit key), cross-checked
    /// with Python's hashlib.
    fn sample() -> String {
        realm_export(
            r#"{"value":"dxn6c5DVdUQBX/o32Ui6MFcsEmodoRM+k/qWRm7PNdk=","salt":"JPqQrhEPhi7xdTYa3PETFQ==","additionalParameters":{}}"#,
            r#"{"hashIterations":27500,"algorithm":"pbkdf2-sha256","additionalParameters":{}}"#,
        )
    }

    fn verify(pw: &[u8], hash: &str) -> Result<bool> {
        KeycloakPbkdf2.verify(pw, &Credential::new(hash), &Limits::DEFAULT)
    }

    #[test]
    fn known_answer() {
        assert_eq!(KeycloakPbkdf2.identify(&sample()), Match::Exact);
        assert!(verify("密码123".as_bytes(), &sample()).unwrap());
        assert!(!verify("密码1231".as_bytes(), &sample()).unwrap());
        // The same credential with decoded nested objects, and in the legacy flat form.
        let nested = serde_json::json!({
            "type": "password",
            "secretData": {"value": "dxn6c5DVdUQBX/o32Ui6MFcsEmodoRM+k/qWRm7PNdk=", "salt": "JPqQrhEPhi7xdTYa3PETFQ=="},
            "credentialData": {"hashIterations": 27500, "algorithm": "pbkdf2-sha256"}
        })
        .to_string();
        assert!(verify("密码123".as_bytes(), &nested).unwrap());
        let flat = r#"{"type":"password","hashedSaltedValue":"dxn6c5DVdUQBX/o32Ui6MFcsEmodoRM+k/qWRm7PNdk=","salt":"JPqQrhEPhi7xdTYa3PETFQ==","hashIterations":27500,"algorithm":"pbkdf2-sha256"}"#;
        assert_eq!(KeycloakPbkdf2.identify(flat), Match::Exact);
        assert!(verify("密码123".as_bytes(), flat).unwrap());
    }

    #[test]
    fn key_length_follows_the_value() {
        // pbkdf2 (SHA-1) with Keycloak's default 512-bit key; Python hashlib.
        let h = realm_export(
            r#"{"value":"dzCdfBAsm1gRaMC2q1v+SfJrl5xlfxmO6vD3IrQbZNJRCLc5ijWPnA5OyZ/12A7WrkMJ505bBrcWXxK4UR9VCA==","salt":"MDEyMzQ1Njc4OWFiY2RlZg=="}"#,
            r#"{"hashIterations":1000,"algorithm":"pbkdf2"}"#,
        );
        assert!(verify(b"hashcat", &h).unwrap());
    }

    #[test]
    fn nul_padding_changes_nothing() {
        // "pässwörd" padded with NULs to 14 UTF-16 units, as Keycloak's FIPS padding does;
        // Python hashlib. HMAC zero-pads short keys, so the unpadded password verifies.
        let h = realm_export(
            r#"{"value":"Kfxd4gVEVJAUWyEM9/KuB1B0aQFq+qVyrFi44QnyZ4k=","salt":"MDEyMzQ1Njc4OWFiY2RlZg=="}"#,
            r#"{"hashIterations":1000,"algorithm":"pbkdf2-sha256"}"#,
        );
        assert!(verify("pässwörd".as_bytes(), &h).unwrap());
        assert!(!verify(b"passw0rd", &h).unwrap());
    }

    #[test]
    fn rejects_malformed() {
        let secret = r#"{"value":"AAAA","salt":"AAAA"}"#;
        for (h, kind) in [
            (r#"{"type":"password","#.to_owned(), ErrorKind::Malformed),
            ("[]".to_owned(), ErrorKind::Malformed),
            ("null".to_owned(), ErrorKind::Malformed),
            (
                serde_json::json!({"type":"password","secretData":secret}).to_string(),
                ErrorKind::Malformed,
            ),
            (
                realm_export(
                    secret,
                    r#"{"hashIterations":"27500","algorithm":"pbkdf2-sha256"}"#,
                ),
                ErrorKind::Malformed,
            ),
            (
                realm_export(
                    secret,
                    r#"{"hashIterations":1e30,"algorithm":"pbkdf2-sha256"}"#,
                ),
                ErrorKind::Malformed,
            ),
            (
                realm_export(
                    secret,
                    r#"{"hashIterations":4294967295,"algorithm":"pbkdf2"}"#,
                ),
                ErrorKind::Limit,
            ),
            (
                realm_export(secret, r#"{"hashIterations":0,"algorithm":"pbkdf2"}"#),
                ErrorKind::Malformed,
            ),
            (
                realm_export(
                    secret,
                    r#"{"hashIterations":27500,"algorithm":"pbkdf2-md2"}"#,
                ),
                ErrorKind::Malformed,
            ),
            (
                realm_export(secret, r#"{"hashIterations":5,"algorithm":"argon2"}"#),
                ErrorKind::Unsupported,
            ),
            (
                realm_export(
                    "{value:",
                    r#"{"hashIterations":27500,"algorithm":"pbkdf2"}"#,
                ),
                ErrorKind::Malformed,
            ),
            (
                realm_export(
                    r#"{"value":"!!","salt":"AAAA"}"#,
                    r#"{"hashIterations":27500,"algorithm":"pbkdf2"}"#,
                ),
                ErrorKind::Malformed,
            ),
            (
                realm_export(
                    r#"{"value":"AAAA","value":"AAAA","salt":"AAAA"}"#,
                    r#"{"hashIterations":27500,"algorithm":"pbkdf2"}"#,
                ),
                ErrorKind::Malformed,
            ),
            (
                r#"{"type":"password","value":"plaintext"}"#.to_owned(),
                ErrorKind::Malformed,
            ),
            (
                r#"{"type":"otp","secretData":"{}","credentialData":"{}"}"#.to_owned(),
                ErrorKind::Malformed,
            ),
        ] {
            let e = verify(b"hashcat", &h).unwrap_err();
            assert_eq!(e.kind(), kind, "{h}: {e}");
        }
    }

    fn argon2_cred(extra: &str, value: &str) -> String {
        realm_export(
            &format!(r#"{{"value":"{value}","salt":"MDEyMzQ1Njc4OWFiY2RlZg=="}}"#),
            &format!(
                r#"{{"hashIterations":2,"algorithm":"argon2","additionalParameters":{{{extra}}}}}"#
            ),
        )
    }

    const DEFAULTS: &str = r#""hashLength":["16"],"memory":["64"],"type":["id"],"version":["1.3"],"parallelism":["1"]"#;

    #[test]
    fn argon2_and_pbkdf2_are_told_apart() {
        let a = argon2_cred(DEFAULTS, "AAAAAAAAAAAAAAAAAAAAAA==");
        let scheme = KeycloakArgon2::new(crate::schemes::core("argon2").unwrap());
        assert_eq!(scheme.identify(&a), Match::Exact);
        assert_eq!(KeycloakPbkdf2.identify(&a), Match::No);
        assert_eq!(scheme.identify(&sample()), Match::No);
        // A wrong password against a well-formed credential is a plain `false`.
        let cred = Credential::new(a);
        assert!(!scheme.verify(b"x", &cred, &Limits::DEFAULT).unwrap());
    }

    #[test]
    fn argon2_rejects_malformed_and_over_limit() {
        let scheme = KeycloakArgon2::new(crate::schemes::core("argon2").unwrap());
        let value = "AAAAAAAAAAAAAAAAAAAAAA==";
        for (h, kind) in [
            (
                argon2_cred(
                    r#""hashLength":["16"],"type":["id"],"version":["1.3"],"parallelism":["1"]"#,
                    value,
                ),
                ErrorKind::Malformed,
            ),
            (
                argon2_cred(&DEFAULTS.replace(r#"["id"]"#, r#"["x"]"#), value),
                ErrorKind::Malformed,
            ),
            (
                argon2_cred(&DEFAULTS.replace(r#"["1.3"]"#, r#"["2.0"]"#), value),
                ErrorKind::Malformed,
            ),
            (
                argon2_cred(&DEFAULTS.replace(r#"["16"]"#, r#"["32"]"#), value),
                ErrorKind::Malformed,
            ),
            (
                argon2_cred(&DEFAULTS.replace(r#"["64"]"#, r#"["99999999999"]"#), value),
                ErrorKind::Limit,
            ),
            (
                argon2_cred(&DEFAULTS.replace(r#"["64"]"#, r#"[]"#), value),
                ErrorKind::Malformed,
            ),
            (argon2_cred(DEFAULTS, "!!"), ErrorKind::Malformed),
        ] {
            let e = scheme
                .verify(b"x", &Credential::new(h.as_str()), &Limits::DEFAULT)
                .unwrap_err();
            assert_eq!(e.kind(), kind, "{h}: {e}");
            assert!(
                e.to_string().starts_with("keycloak_argon2") || kind == ErrorKind::Limit,
                "{e}"
            );
        }
    }
}
