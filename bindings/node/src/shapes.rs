//! The JavaScript shapes of the package's arguments and answers. `napi build` writes the
//! TypeScript interfaces of `index.d.ts` from these declarations and their doc comments.
//!
//! Answers ([`Outcome`], [`Inspection`]) are converted by N-API. Arguments are read by hand
//! (`args`, `options`) so that a wrong one is a `TypeError` naming it: [`CredentialObject`] is
//! what that reading produces; the option structs are declarations only, read field by field
//! into the library's `Policy`.

use std::collections::HashMap;

use napi_derive::napi;

/// What a verify answers: a right and a wrong password alike (an error means the credential
/// could not be judged at all).
#[napi(object, use_nullable = true, object_from_js = false)]
pub struct Outcome {
    /// Whether the password is right.
    pub valid: bool,
    /// The id of the scheme the credential was read as (`md5_crypt`, `bcrypt`, `argon2`, ...).
    pub scheme: String,
    /// Whether the stored hash is legacy or weaker than the policy's target (only when `valid`).
    pub needs_upgrade: bool,
    /// The new hash to store in place of the old one, in the same transaction as the login;
    /// `null` when none is needed (or the target cannot store this password whole: a bcrypt
    /// target and a password over 72 bytes).
    pub upgrade: Option<String>,
}

impl From<hashbridge::Outcome> for Outcome {
    fn from(o: hashbridge::Outcome) -> Self {
        Outcome {
            valid: o.valid,
            scheme: o.scheme,
            needs_upgrade: o.needs_upgrade,
            upgrade: o.upgrade,
        }
    }
}

/// A stored hash's scheme, the parameters it carries and the policy's verdict (no hashing).
#[napi(object, object_from_js = false)]
pub struct Inspection {
    /// The scheme id.
    pub scheme: String,
    /// The parameters the scheme reads (`rounds`, `salt`, `m`, ...), as text.
    pub params: HashMap<String, String>,
    /// Whether the policy would rehash this credential on its next successful login.
    pub needs_upgrade: bool,
}

/// A separately stored salt as it was passed.
pub enum Salt {
    /// A string, decoded by `saltEncoding` (`utf8` by default).
    Text(String),
    /// Raw bytes, taken as they are.
    Bytes(Vec<u8>),
}

/// A stored credential with the context the old system kept beside the hash. Pass a plain
/// string where the hash says everything (`$1$...`, `$2b$...`, `{SSHA}...`).
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct CredentialObject {
    /// The stored hash string (a `Buffer` or `Uint8Array` is read as UTF-8).
    #[napi(ts_type = "string | Uint8Array")]
    pub hash: String,
    /// A separately stored salt: a string in `saltEncoding`, or raw bytes.
    #[napi(ts_type = "string | Uint8Array | null")]
    pub salt: Option<Salt>,
    /// How a string `salt` is encoded: `utf8` (the default), `hex` or `base64` (either
    /// alphabet). Not allowed with a `Uint8Array` salt.
    #[napi(ts_type = "'utf8' | 'hex' | 'base64' | null")]
    pub salt_encoding: Option<String>,
    /// The user name, for schemes that mix it in (PostgreSQL md5, Oracle 10g, MS-Cache).
    #[napi(ts_type = "string | null")]
    pub username: Option<String>,
    /// Parameters stored outside the hash (Firebase's signer key, a salted digest's
    /// `salt_position`, ...): strings, integers or booleans.
    #[napi(
        ts_type = "Record<string, string | number | bigint | boolean | null | undefined> | null"
    )]
    pub params: Option<hashbridge::Params>,
    /// The scheme id, for strings that do not say what they are (a bare hex digest).
    #[napi(ts_type = "string | null")]
    pub scheme: Option<String>,
}

/// Options of one asynchronous call.
#[napi(object, object_to_js = false, object_from_js = false)]
#[allow(
    dead_code,
    reason = "a declaration for index.d.ts; the call reads the signal itself"
)]
pub struct CallOptions {
    /// Aborting it before the work has started on the thread pool rejects the promise with an
    /// `AbortError` and frees the thread; a verify already running finishes.
    #[napi(ts_type = "AbortSignal")]
    pub signal: Option<()>,
}

/// An upgrade target and its costs; costs that do not belong to the target are refused.
#[napi(object, object_to_js = false, object_from_js = false)]
#[allow(
    dead_code,
    reason = "a declaration for index.d.ts; options.rs reads the object field by field"
)]
pub struct TargetOptions {
    /// What weak hashes are rewritten to. Default `argon2id`.
    #[napi(ts_type = "'argon2id' | 'bcrypt' | 'scrypt' | 'pbkdf2_sha256'")]
    pub target: Option<String>,
    /// argon2id memory in KiB (default 19456).
    pub m_cost: Option<u32>,
    /// argon2id passes (default 2).
    pub t_cost: Option<u32>,
    /// argon2id lanes or scrypt parallelism (default 1).
    pub p_cost: Option<u32>,
    /// bcrypt cost, 4 to 31 (default 12).
    pub bcrypt_cost: Option<u32>,
    /// scrypt log2(N), 1 to 63 (default 17).
    pub scrypt_ln: Option<u32>,
    /// scrypt block size r (default 8).
    pub scrypt_r: Option<u32>,
    /// PBKDF2-SHA256 iterations (default 600000).
    pub iterations: Option<u32>,
}

/// The rest of a `Migrator`'s policy besides its target: `MigratorOptions` is
/// `TargetOptions & PolicyOptions`.
#[napi(object, object_to_js = false, object_from_js = false)]
#[allow(
    dead_code,
    reason = "a declaration for index.d.ts; options.rs reads the object field by field"
)]
pub struct PolicyOptions {
    /// Resource ceilings checked before any work (see `LimitsOptions`); unnamed ones keep
    /// their defaults.
    #[napi(ts_type = "LimitsOptions")]
    pub limits: Option<()>,
    /// The built-in schemes to read, by id, in this order (default: all of them).
    pub schemes: Option<Vec<String>>,
    /// Further modern hashes that may stay as they are when at least this strong, e.g.
    /// `[{ target: 'bcrypt', bcryptCost: 12 }]`.
    #[napi(ts_type = "TargetOptions[]")]
    pub also_accept: Option<()>,
    /// A hash meeting the target but costing more than this many times the target is rehashed
    /// at the target's cost (default 4); `null`: never.
    #[napi(ts_type = "number | null")]
    pub max_cost_factor: Option<Option<u32>>,
    /// Bytes the memory-hard hashes of this migrator may hold at once (default four times
    /// `limits.maxMemoryBytes`, 1 GiB).
    #[napi(ts_type = "number | bigint")]
    pub memory_budget: Option<u64>,
    /// How long a memory-hard hash waits for its share of the budget before failing as
    /// `unavailable`, in milliseconds (default 5000; `Infinity` waits without end).
    #[napi(ts_type = "number")]
    pub memory_wait_ms: Option<f64>,
    /// Whether `verify` computes the upgrade hash (default `true`); with `false` only
    /// `needsUpgrade` is reported.
    pub rehash: Option<bool>,
}

/// The resource ceilings, by name (the library's `Limits` fields); each an integer, as a
/// number or a bigint.
#[napi(object, object_to_js = false, object_from_js = false)]
#[allow(
    dead_code,
    reason = "a declaration for index.d.ts; limits are set by name through Limits::set"
)]
pub struct LimitsOptions {
    /// Longest password accepted, in bytes (default 4096).
    #[napi(ts_type = "number | bigint")]
    pub max_password_bytes: Option<()>,
    /// Longest stored credential accepted, in bytes (default 16384).
    #[napi(ts_type = "number | bigint")]
    pub max_hash_bytes: Option<()>,
    /// Longest separate salt accepted, in bytes (default 1024).
    #[napi(ts_type = "number | bigint")]
    pub max_salt_bytes: Option<()>,
    /// Most work one verify may take, in SHA-256 block compressions (default 32000000, about
    /// 2 s).
    #[napi(ts_type = "number | bigint")]
    pub max_work: Option<()>,
    /// Most memory one verify may allocate, in bytes (default 268435456).
    #[napi(ts_type = "number | bigint")]
    pub max_memory_bytes: Option<()>,
    /// Most memory the scrypt and argon2 engines keep between hashes over all threads, in bytes
    /// (default 268435456).
    #[napi(ts_type = "number | bigint")]
    pub max_kept_bytes: Option<()>,
    /// Highest bcrypt cost (default 16).
    #[napi(ts_type = "number | bigint")]
    pub max_bcrypt_cost: Option<()>,
    /// Most rounds of an iterated-digest crypt (default 10000000).
    #[napi(ts_type = "number | bigint")]
    pub max_crypt_rounds: Option<()>,
    /// Most PBKDF2 / SCRAM iterations (default 5000000).
    #[napi(ts_type = "number | bigint")]
    pub max_pbkdf2_iterations: Option<()>,
    /// Largest derived-key length a stored format may ask for, in bytes (default 1024).
    #[napi(ts_type = "number | bigint")]
    pub max_output_bytes: Option<()>,
    /// Most argon2 passes (default 64).
    #[napi(ts_type = "number | bigint")]
    pub max_argon2_passes: Option<()>,
    /// Most argon2 lanes (default 64).
    #[napi(ts_type = "number | bigint")]
    pub max_argon2_lanes: Option<()>,
}
