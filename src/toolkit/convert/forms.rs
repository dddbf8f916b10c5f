//! Hash forms several targets share: the refusal of a hash a target cannot verify, the bcrypt
//! and argon2 strings, and a Firebase scrypt credential read back from a target's spelling.

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

/// A Firebase scrypt credential from its parts (hash, salt, signer key and separator as
/// bytes; rounds and memory cost as text).
pub(crate) fn firebase(
    hash: &[u8],
    salt: Vec<u8>,
    key: &[u8],
    separator: &[u8],
    rounds: &str,
    mem_cost: &str,
) -> Credential {
    use super::b64;
    Credential::new(b64(hash))
        .with_scheme("firebase_scrypt")
        .with_salt(salt)
        .with_param("base64_signer_key", b64(key))
        .with_param("base64_salt_separator", b64(separator))
        .with_param("rounds", rounds)
        .with_param("mem_cost", mem_cost)
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
    /// The credential this library reads the step as.
    pub(crate) fn credential(&self) -> Credential {
        firebase(
            self.hash,
            self.salt.to_vec(),
            self.key,
            self.separator,
            &self.rounds.to_string(),
            &self.mem_cost.to_string(),
        )
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
