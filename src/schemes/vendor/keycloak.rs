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

use serde_json::Value;

use super::common::{HashFn, Obj, base64_field, json_shape, parse_object};
use crate::credential::Credential;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::ct_eq;
use crate::primitives::digest::Algorithm;
use crate::scheme::{Match, Scheme};

const ID: &str = "keycloak_pbkdf2";

/// Keycloak PBKDF2 credential representation.
#[derive(Clone, Copy, Debug, Default)]
pub struct KeycloakPbkdf2;

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
        "argon2" | "bcrypt" => Err(Error::unsupported(format!(
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
    outer: &Obj<'_>,
    path: &'static str,
    f: impl FnOnce(Obj<'_>) -> Result<T>,
) -> Result<T> {
    match outer.value(path) {
        None => Err(Error::malformed(ID, path, "missing")),
        Some(Value::String(s)) => {
            let m = parse_object(ID, path, s)?;
            f(Obj::new(ID, &m))
        }
        Some(Value::Object(m)) => f(Obj::new(ID, m)),
        Some(_) => Err(Error::malformed(
            ID,
            path,
            "expected a JSON object or a string holding one",
        )),
    }
}

fn finish(alg: &str, iterations: u64, salt: &str, value: &str, limits: &Limits) -> Result<Parsed> {
    let (alg, alg_name) = algorithm(alg)?;
    limits.pbkdf2_iterations(ID, iterations)?;
    let salt = base64_field(ID, "salt", salt)?;
    limits.salt_len(ID, salt.len())?;
    let value = base64_field(ID, "value", value)?;
    limits.output_len(ID, value.len())?;
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
        let (alg, iterations) = nested(&o, "credentialData", |c| {
            Ok((
                c.req_str("credentialData.algorithm")?.to_owned(),
                c.req_u64("credentialData.hashIterations")?,
            ))
        })?;
        nested(&o, "secretData", |s| {
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

impl Scheme for KeycloakPbkdf2 {
    fn id(&self) -> &str {
        ID
    }

    fn prefixes(&self) -> &[&'static str] {
        &["{"]
    }

    fn identify(&self, hash: &str) -> Match {
        match json_shape(hash, &["\"secretData\"", "\"credentialData\""], &[]) {
            Match::No => json_shape(hash, &["\"hashIterations\"", "\"salt\""], &[]),
            m => m,
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = parse(cred.hash(), limits)?;
        let ours = HashFn::Core(p.alg).pbkdf2(
            ID,
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
}
