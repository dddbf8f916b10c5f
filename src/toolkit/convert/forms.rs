//! Hash forms several targets share: the refusal of a hash a target cannot verify, the bcrypt
//! and argon2 strings, a Firebase scrypt credential read back from a target's spelling, and
//! the JSON accessors the targets read their written records back with.

use serde_json::{Map, Value};

use super::{Refusal, Target};
use crate::credential::Credential;
use crate::schemes::portable::{PasswordEncoding, Portable, Step};
use crate::schemes::unix::bcrypt::Variant;

/// `target` cannot verify `legacy` natively.
pub(crate) fn refuse(target: Target, legacy: &Portable) -> Refusal {
    Refusal::hash(
        target,
        format_args!("{} ({})", legacy.scheme, legacy.step.config_key()),
    )
}

/// Refuse a password encoding other than UTF-8 (every target but Auth0 hashes UTF-8).
pub(crate) fn utf8(target: Target, legacy: &Portable) -> Result<(), Refusal> {
    if legacy.step.encoding() == PasswordEncoding::Utf8 {
        Ok(())
    } else {
        Err(refuse(target, legacy))
    }
}

/// The `$2a$`/`$2b$`/`$2y$` string of a bcrypt step with nothing around the password.
pub(crate) fn bcrypt(legacy: &Portable) -> Option<String> {
    match &legacy.step {
        Step::Bcrypt {
            variant: v @ (Variant::A | Variant::B | Variant::Y),
            cost,
            salt,
            around,
            ..
        } if around.is_empty() => Some(crate::schemes::unix::bcrypt::format(
            *v,
            *cost,
            salt,
            &legacy.digest,
        )),
        _ => None,
    }
}

/// The PHC string of an argon2 step without associated data; with `modern`, only argon2i and
/// argon2id of version 19 (what most platforms verify).
pub(crate) fn argon2(legacy: &Portable, modern: bool) -> Option<String> {
    match &legacy.step {
        Step::Argon2 {
            params,
            data: None,
            salt,
            ..
        } if !modern
            || (params.version == argon2::Version::V0x13
                && params.variant != argon2::Algorithm::Argon2d) =>
        {
            Some(crate::schemes::phc::argon2::format(
                *params,
                salt,
                &legacy.digest,
            ))
        }
        _ => None,
    }
}

/// The `$scrypt$ln=..,r=..,p=..$salt$hash` string of a scrypt step whose N is a power of two
/// and whose key is 32 to 64 bytes (the forms the PHC scrypt readers take), with N, r and p.
pub(crate) fn scrypt(legacy: &Portable) -> Option<(String, u64, u64, u64)> {
    match &legacy.step {
        Step::Scrypt { n, r, p, salt, .. }
            if n.is_power_of_two() && *n >= 2 && (32..=64).contains(&legacy.digest.len()) =>
        {
            let s = crate::schemes::phc::scrypt::format(
                n.trailing_zeros(),
                *r,
                *p,
                salt,
                &legacy.digest,
            );
            Some((s, *n, *r, *p))
        }
        _ => None,
    }
}

/// A Firebase scrypt credential from the text a target's record holds: the hash, salt, signer
/// key and separator as base64 and rounds and memory cost as decimal, each exactly as written.
/// The `firebase_scrypt` scheme decodes the hash, key and separator itself; the salt is
/// decoded as a batch record's base64 salt column is. Nothing here knows how the writer
/// encoded them.
///
/// # Errors
/// When the salt is not base64.
pub(crate) fn firebase_written(
    hash: &str,
    salt: &str,
    key: &str,
    separator: &str,
    rounds: &str,
    mem_cost: &str,
) -> Result<Credential, String> {
    let salt =
        crate::toolkit::record::decode_salt(salt, Some("base64")).map_err(|e| e.to_string())?;
    Ok(Credential::new(hash)
        .with_scheme("firebase_scrypt")
        .with_salt(salt)
        .with_param("base64_signer_key", key)
        .with_param("base64_salt_separator", separator)
        .with_param("rounds", rounds)
        .with_param("mem_cost", mem_cost))
}

/// A PBKDF2 hash as the PHC string this library verifies (`$pbkdf2-<digest>$i=..,l=..$salt$hash`),
/// from its decoded salt and hash: what Auth0's `pbkdf2` body holds, and how the targets'
/// PBKDF2 records are read back.
pub(crate) fn pbkdf2_phc(
    digest: &str,
    iterations: impl std::fmt::Display,
    salt: &[u8],
    hash: &[u8],
) -> String {
    use super::b64_nopad;
    format!(
        "$pbkdf2-{digest}$i={iterations},l={}${}${}",
        hash.len(),
        b64_nopad(salt),
        b64_nopad(hash)
    )
}

/// A Firebase scrypt step whose signer key is known, as the targets spell it.
pub(crate) struct FirebaseParts<'a> {
    pub(crate) hash: &'a [u8],
    pub(crate) salt: &'a [u8],
    pub(crate) key: &'a [u8],
    pub(crate) separator: &'a [u8],
    pub(crate) rounds: u64,
    pub(crate) mem_cost: u64,
}

impl FirebaseParts<'_> {
    /// Hash, salt, signer key, separator, rounds and memory cost as Firebase prints them (the
    /// four byte strings in standard base64 with padding, as `auth:export` and the console's
    /// hash parameters give them) and as Clerk and WorkOS take them.
    pub(crate) fn as_exported(&self) -> [String; 6] {
        use super::b64;
        [
            b64(self.hash),
            b64(self.salt),
            b64(self.key),
            b64(self.separator),
            self.rounds.to_string(),
            self.mem_cost.to_string(),
        ]
    }
}

/// The parts of a Firebase scrypt step with its signer key (without it nothing can verify it).
pub(crate) fn firebase_parts(legacy: &Portable) -> Option<FirebaseParts<'_>> {
    match &legacy.step {
        Step::FirebaseScrypt {
            salt,
            separator,
            rounds,
            mem_cost,
            signer_key: Some(key),
        } => Some(FirebaseParts {
            hash: &legacy.digest,
            salt,
            key,
            separator,
            rounds: *rounds,
            mem_cost: *mem_cost,
        }),
        _ => None,
    }
}

/// A written record's JSON object.
///
/// # Errors
/// When the text is not a JSON object.
pub(crate) fn object(text: &str) -> Result<Map<String, Value>, String> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err("not a JSON object".to_owned()),
        Err(e) => Err(format!("not JSON: {e}")),
    }
}

/// The text at `path` (dot-separated members) of a written record, if any.
///
/// # Errors
/// When the member is there but is not text.
pub(crate) fn text_at<'a>(
    record: &'a Map<String, Value>,
    path: &str,
) -> Result<Option<&'a str>, String> {
    match super::mapping::get_path(record, path) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(format!("{path} is not text")),
    }
}
