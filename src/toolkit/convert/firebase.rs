//! The `firebase` target: account files for the Firebase CLI's `auth:import`, one per hash
//! configuration (an import takes one `--hash-algo` and its parameters for the whole file),
//! each with the exact command line that imports it written beside it (`users-1-scrypt.json`
//! and `users-1-scrypt.sh`).
//!
//! Schema: Firebase CLI reference, `auth:import` (<https://firebase.google.com/docs/cli/auth>):
//! `{"users":[{localId, email, emailVerified, passwordHash, salt, displayName, phoneNumber,
//! createdAt, disabled, ...}]}`, hash and salt in standard base64; `--hash-algo` one of
//! `SCRYPT` (Firebase's own, with `--hash-key`, `--salt-separator`, `--rounds` 1..8,
//! `--mem-cost` 1..14), `STANDARD_SCRYPT` (`--mem-cost` N, `--block-size`, `--parallelization`,
//! `--dk-len`), `BCRYPT`, `HMAC_SHA512`/`HMAC_SHA256`/`HMAC_SHA1`/`HMAC_MD5` (`--hash-key`),
//! `MD5`/`SHA1`/`SHA256`/`SHA512` (`--rounds`), `PBKDF_SHA1`/`PBKDF2_SHA256` (`--rounds`
//! 0..120000), and `--hash-input-order` `SALT_FIRST`/`PASSWORD_FIRST`. The ranges and the
//! accepted member names are those of firebase-tools' `accountImporter` (`validateOptions`,
//! `ALLOWED_JSON_KEYS`). A bcrypt user's `passwordHash` is the base64 of the whole `$2b$`
//! string (the Admin SDK's "import users with bcrypt hashed passwords"). The digests are
//! written with `--rounds=1` (one digest of the salted password) and the salt order always
//! stated, since the importer's default order is salt first.
//!
//! Self-test: each written user is read back with the options of the command line written
//! beside its file (split as `sh` splits it), as `auth:import` combines them: Firebase scrypt
//! through the `firebase_scrypt` scheme with the flags' and the user's base64 as written; the
//! others as the same hash in this library's formats (bcrypt, `$scrypt$`,
//! `$pbkdf2-sha1$`/`$pbkdf2-sha256$` PHC strings, `hex_*`/`salted_*` digests, an HMAC as
//! Auth0's `hmac` object) built from the decoded user fields and options. PBKDF2 users are written only
//! when the key is as long as the digest function's output, since `auth:import` takes no key
//! length for PBKDF2; STANDARD_SCRYPT only with N a power of two and a key of 32 to 64 bytes.
//!
//! Default map: `id`→`localId` (the user name or e-mail when the export has no id),
//! `email`, `email_verified`→`emailVerified`, `name`→`displayName`, `phone`→`phoneNumber`,
//! `created_at`→`createdAt` (milliseconds, as text), `locked`→`disabled`. `auth:import`
//! refuses a user with a member outside `ALLOWED_JSON_KEYS`: `--map` into one is refused.
//!
//! Platform tests: the firebase/scrypt README's sample user and hash parameters, and every
//! command line and user this writer emits against firebase-tools' option list, ranges and
//! `ALLOWED_JSON_KEYS`.

use std::collections::BTreeMap;
use std::io;

use serde_json::{Map, Value, json};

use super::mapping::{get_path, set_path};
use super::output::{Series, Staging};
use super::{
    Encoded, Encoder, Mapping, Refusal, Source, Target, Time, WriteError, Writer, b64, forms, text,
};
use crate::credential::Credential;
use crate::primitives::Algorithm;
use crate::schemes::portable::{Around, Portable, Step};

/// The members of a user `auth:import` takes: firebase-tools' `ALLOWED_JSON_KEYS`
/// (`src/accountImporter.ts`); a user with any other member is refused.
pub(crate) const ALLOWED_JSON_KEYS: &[&str] = &[
    "localId",
    "email",
    "emailVerified",
    "passwordHash",
    "salt",
    "displayName",
    "photoUrl",
    "createdAt",
    "lastSignedInAt",
    "providerUserInfo",
    "phoneNumber",
    "disabled",
    "customAttributes",
    "mfaInfo",
];

/// Most hash configurations (files) in one run: each keeps a file open.
const MAX_GROUPS: usize = 64;

pub(crate) fn mapping() -> Mapping {
    Mapping::new(
        &[
            ("id", "localId"),
            ("email", "email"),
            ("email_verified", "emailVerified"),
            ("name", "displayName"),
            ("phone", "phoneNumber"),
            ("created_at", "createdAt"),
            ("locked", "disabled"),
        ],
        Time::MillisText,
    )
}

/// One file's hash configuration: `--hash-algo` and the flags after it.
struct Config {
    algo: &'static str,
    flags: Vec<(&'static str, String)>,
}

impl Config {
    fn key(&self) -> String {
        let flags: Vec<String> = self.flags.iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!("{} {}", self.algo, flags.join(" "))
    }
}

struct Group {
    stem: String,
    command: String,
    users: Series,
}

/// The writer.
pub(crate) struct Firebase {
    map: Mapping,
    groups: BTreeMap<String, Group>,
}

impl Firebase {
    pub(crate) fn new(map: Mapping) -> Self {
        Firebase {
            map,
            groups: BTreeMap::new(),
        }
    }
}

/// The salt order flag for bytes on at most one side of the password, with the salt.
fn order(around: &Around) -> Result<(Option<&'static str>, Option<&[u8]>), Refusal> {
    if around.is_empty() {
        return Ok((None, None));
    }
    let (salt, first) = around
        .one_side()
        .ok_or_else(|| Refusal::hash(Target::Firebase, "a salt on both sides of the password"))?;
    Ok((
        Some(if first {
            "SALT_FIRST"
        } else {
            "PASSWORD_FIRST"
        }),
        Some(salt),
    ))
}

/// A hash in Firebase's terms: the configuration, `passwordHash` and `salt`.
fn hash(legacy: &Portable) -> Result<(Config, String, Option<String>), Refusal> {
    let refuse = || forms::refuse(Target::Firebase, legacy);
    forms::utf8(Target::Firebase, legacy)?;
    let d = &legacy.digest;
    if let Some(s) = forms::bcrypt(legacy) {
        let config = Config {
            algo: "BCRYPT",
            flags: Vec::new(),
        };
        return Ok((config, b64(s.as_bytes()), None));
    }
    if let (Some((_, n, r, p)), Step::Scrypt { salt, .. }) = (forms::scrypt(legacy), &legacy.step) {
        let flags = vec![
            ("--mem-cost", n.to_string()),
            ("--block-size", r.to_string()),
            ("--parallelization", p.to_string()),
            ("--dk-len", d.len().to_string()),
        ];
        let config = Config {
            algo: "STANDARD_SCRYPT",
            flags,
        };
        return Ok((config, b64(d), Some(b64(salt))));
    }
    let firebase = forms::firebase_parts(legacy)
        .filter(|f| (1..=8).contains(&f.rounds) && (1..=14).contains(&f.mem_cost));
    if let Some(f) = firebase {
        let mut flags = vec![("--hash-key", b64(f.key))];
        if !f.separator.is_empty() {
            flags.push(("--salt-separator", b64(f.separator)));
        }
        flags.push(("--rounds", f.rounds.to_string()));
        flags.push(("--mem-cost", f.mem_cost.to_string()));
        let config = Config {
            algo: "SCRYPT",
            flags,
        };
        return Ok((config, b64(d), Some(b64(f.salt))));
    }
    Ok(match &legacy.step {
        Step::Digest { alg, around, .. } => {
            let algo = match alg {
                Algorithm::Md5 => "MD5",
                Algorithm::Sha1 => "SHA1",
                Algorithm::Sha256 => "SHA256",
                Algorithm::Sha512 => "SHA512",
                _ => return Err(refuse()),
            };
            let (ord, salt) = order(around)?;
            let mut flags = vec![("--rounds", "1".to_owned())];
            if let Some(o) = ord {
                flags.push(("--hash-input-order", o.to_owned()));
            }
            (Config { algo, flags }, b64(d), salt.map(b64))
        }
        Step::Hmac {
            alg, key, around, ..
        } => {
            let algo = match alg {
                Algorithm::Md5 => "HMAC_MD5",
                Algorithm::Sha1 => "HMAC_SHA1",
                Algorithm::Sha256 => "HMAC_SHA256",
                Algorithm::Sha512 => "HMAC_SHA512",
                _ => return Err(refuse()),
            };
            let (ord, salt) = order(around)?;
            let mut flags = vec![("--hash-key", b64(key))];
            if let Some(o) = ord {
                flags.push(("--hash-input-order", o.to_owned()));
            }
            (Config { algo, flags }, b64(d), salt.map(b64))
        }
        Step::Pbkdf2 {
            alg,
            iterations,
            salt,
            ..
        } if *iterations <= 120_000 && d.len() == alg.output_len() => {
            let algo = match alg {
                Algorithm::Sha1 => "PBKDF_SHA1",
                Algorithm::Sha256 => "PBKDF2_SHA256",
                _ => return Err(refuse()),
            };
            (
                Config {
                    algo,
                    flags: vec![("--rounds", iterations.to_string())],
                },
                b64(d),
                Some(b64(salt)),
            )
        }
        _ => return Err(refuse()),
    })
}

/// A shell word: as it is when it is plain base64 or a number, else in single quotes.
fn quote(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+/=_.-".contains(&b))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// The flags after `firebase auth:import FILE` for the users of a configuration `part` (its
/// [`Config::key`]): ` --hash-algo=ALGO --flag=value ...`, or nothing for users without a
/// password.
pub(super) fn flags(part: &str) -> String {
    let (algo, flags) = part.split_once(' ').unwrap_or((part, ""));
    let mut out = String::new();
    if algo != "nopassword" {
        out.push_str(&format!(" --hash-algo={algo}"));
        for flag in flags.split(' ').filter(|f| !f.is_empty()) {
            let (k, v) = flag.split_once('=').unwrap_or((flag, ""));
            out.push_str(&format!(" {k}={}", quote(v)));
        }
    }
    out
}

/// The words of a command line as `sh` splits them: blanks separate words, single quotes
/// keep everything up to the next one, a backslash outside quotes keeps the next character.
fn shell_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => {
                if let Some(w) = word.take() {
                    words.push(w);
                }
            }
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(q) => w.push(q),
                        None => return Err("an unterminated quote".to_owned()),
                    }
                }
            }
            '\\' => {
                let next = chars.next().ok_or("a trailing backslash")?;
                word.get_or_insert_with(String::new).push(next);
            }
            '"' | '$' | '`' | ';' | '&' | '|' | '<' | '>' | '(' | ')' | '*' | '?' | '[' | '#'
            | '~' => {
                return Err(format!(
                    "{c:?} outside quotes, which the shell would interpret"
                ));
            }
            _ => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Ok(words)
}

/// The `--flag=value` options of a command line, by flag name without the dashes.
pub(super) fn options(line: &str) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for w in shell_words(line)? {
        let (k, v) = w
            .strip_prefix("--")
            .and_then(|f| f.split_once('='))
            .ok_or_else(|| format!("{w:?} is not a --flag=value option"))?;
        if out.insert(k.to_owned(), v.to_owned()).is_some() {
            return Err(format!("--{k} given twice"));
        }
    }
    Ok(out)
}

/// A written user and the options of its file's command line, read as `auth:import` does: the
/// hash configuration from the options, `passwordHash` and `salt` from the user.
fn read_user(
    user: &Map<String, Value>,
    opts: &BTreeMap<String, String>,
) -> Result<Option<Credential>, String> {
    let hash = forms::text_at(user, "passwordHash")?;
    let salt = forms::text_at(user, "salt")?;
    let (Some(hash), Some(algo)) = (hash, opts.get("hash-algo")) else {
        return match hash {
            Some(_) => Err("a passwordHash with no --hash-algo".to_owned()),
            None => Ok(None),
        };
    };
    let opt = |k: &str| {
        opts.get(k)
            .map(String::as_str)
            .ok_or_else(|| format!("--hash-algo={algo} without --{k}"))
    };
    let bytes = |what: &str, v: &str| {
        crate::toolkit::record::decode_salt(v, Some("base64"))
            .map_err(|_| format!("{what} is not base64"))
    };
    let digest = bytes("passwordHash", hash)?;
    let salt_bytes = salt.map(|s| bytes("salt", s)).transpose()?;
    let position = || -> Result<&'static str, String> {
        match opts.get("hash-input-order").map(String::as_str) {
            Some("SALT_FIRST") => Ok("prefix"),
            Some("PASSWORD_FIRST") => Ok("suffix"),
            Some(o) => Err(format!(
                "--hash-input-order={o} is not SALT_FIRST or PASSWORD_FIRST"
            )),
            None => Err("a salted digest without --hash-input-order".to_owned()),
        }
    };
    Ok(Some(match algo.as_str() {
        "SCRYPT" => forms::firebase_written(
            hash,
            salt.ok_or("a Firebase scrypt user without a salt")?,
            opt("hash-key")?,
            opts.get("salt-separator").map_or("", String::as_str),
            opt("rounds")?,
            opt("mem-cost")?,
        )?,
        "STANDARD_SCRYPT" => {
            let n: u64 = opt("mem-cost")?
                .parse()
                .map_err(|_| "--mem-cost is not a number")?;
            if !n.is_power_of_two() || opt("dk-len")?.parse::<usize>().ok() != Some(digest.len()) {
                return Err(
                    "--mem-cost is not a power of two, or --dk-len is not the hash's length"
                        .to_owned(),
                );
            }
            let salt = salt_bytes.ok_or("a scrypt user without a salt")?;
            let number = |k: &str| {
                opt(k)?
                    .parse::<u64>()
                    .map_err(|_| format!("--{k} is not a number"))
            };
            Credential::new(crate::schemes::phc::scrypt::format(
                n.trailing_zeros(),
                number("block-size")?,
                number("parallelization")?,
                &salt,
                &digest,
            ))
        }
        "BCRYPT" => Credential::new(
            String::from_utf8(digest).map_err(|_| "a BCRYPT passwordHash that is not text")?,
        ),
        "MD5" | "SHA1" | "SHA256" | "SHA512" => {
            if opt("rounds")? != "1" {
                return Err("only --rounds=1 (one digest) is read".to_owned());
            }
            let hex = crate::encoding::hex::encode(&digest);
            let id = algo.to_ascii_lowercase();
            match salt_bytes {
                None => Credential::new(hex).with_scheme(format!("hex_{id}")),
                Some(s) => Credential::new(hex)
                    .with_scheme(format!("salted_{id}"))
                    .with_salt(s)
                    .with_param("salt_position", position()?),
            }
        }
        // An HMAC as Auth0's `hmac` object, which this library reads for every digest.
        "HMAC_MD5" | "HMAC_SHA1" | "HMAC_SHA256" | "HMAC_SHA512" => {
            let digest_name = algo.trim_start_matches("HMAC_").to_ascii_lowercase();
            let mut object = json!({
                "algorithm": "hmac",
                "hash": {
                    "value": hash,
                    "encoding": "base64",
                    "digest": digest_name,
                    "key": {"value": opt("hash-key")?, "encoding": "base64"},
                },
            });
            if let Some(s) = salt {
                object["salt"] = json!({"value": s, "encoding": "base64", "position": position()?});
            }
            Credential::new(object.to_string()).with_scheme("auth0_custom_password_hash")
        }
        "PBKDF_SHA1" | "PBKDF2_SHA256" => {
            let name = if algo == "PBKDF_SHA1" {
                "sha1"
            } else {
                "sha256"
            };
            let salt = salt_bytes.ok_or("a PBKDF2 user without a salt")?;
            Credential::new(forms::pbkdf2_phc(name, opt("rounds")?, &salt, &digest))
        }
        other => return Err(format!("--hash-algo={other} is not one this writer uses")),
    }))
}

impl Encoder for Firebase {
    fn encode(&self, src: &Source<'_>) -> Result<Encoded, Refusal> {
        let mut user = Map::new();
        self.map.apply(src.account, &mut user);
        if get_path(&user, "localId").is_none() {
            let p = &src.account.profile;
            let id = p
                .username
                .clone()
                .or_else(|| p.email.clone())
                .or_else(|| src.account.user.clone())
                .ok_or_else(|| Refusal::missing(Target::Firebase, "localId"))?;
            set_path(&mut user, "localId", json!(id));
        }
        let part = match src.legacy {
            None => "nopassword".to_owned(),
            Some(legacy) => {
                let (config, hash, salt) = hash(legacy)?;
                user.insert("passwordHash".into(), json!(hash));
                if let Some(s) = salt {
                    user.insert("salt".into(), json!(s));
                }
                config.key()
            }
        };
        Ok(Encoded {
            text: text(user),
            part,
        })
    }

    /// The user as `auth:import` reads it with the options its file's command line (the one
    /// written beside it) gives.
    fn read_back(&self, rec: &Encoded) -> Result<Option<Credential>, String> {
        let user = forms::object(&rec.text)?;
        let opts = options(&flags(&rec.part)).map_err(|e| format!("the command line: {e}"))?;
        read_user(&user, &opts)
    }
}

impl Writer for Firebase {
    fn write(&mut self, rec: Encoded, out: &mut Staging) -> Result<(), WriteError> {
        if !self.groups.contains_key(&rec.part) {
            if self.groups.len() >= MAX_GROUPS {
                return Err(WriteError::Refused(Refusal::new(
                    "too_many_configurations",
                    format!("more than {MAX_GROUPS} hash configurations in one export"),
                )));
            }
            let n = self.groups.len() + 1;
            let algo = rec.part.split(' ').next().unwrap_or_default();
            let stem = format!("users-{n}-{}", algo.to_ascii_lowercase());
            let command = format!("firebase auth:import {stem}.json{}", flags(&rec.part));
            let users = Series::json(&stem, "{\"users\":[\n", "\n]}\n", u64::MAX, u64::MAX);
            self.groups.insert(
                rec.part.clone(),
                Group {
                    stem,
                    command,
                    users,
                },
            );
        }
        let g = self
            .groups
            .get_mut(&rec.part)
            .ok_or_else(|| WriteError::Io(io::Error::other("lost group")))?;
        Ok(g.users.push(out, &rec.text)?)
    }

    fn finish(&mut self, out: &mut Staging) -> io::Result<()> {
        for g in self.groups.values_mut() {
            g.users.finish(out)?;
            let h = out.create(&format!("{}.sh", g.stem))?;
            let script = format!(
                "#!/bin/sh\n# Imports {stem}.json into the Firebase project (add --project ID).\n\
                 # The hash parameters below are secrets of the source project: keep this file private.\n\
                 exec {} \"$@\"\n",
                g.command,
                stem = g.stem
            );
            out.write(h, script.as_bytes())?;
        }
        Ok(())
    }

    /// `users-<n>-<algorithm>.json` and `.sh`.
    fn owns(&self, name: &str) -> bool {
        let Some(stem) = name
            .strip_suffix(".json")
            .or_else(|| name.strip_suffix(".sh"))
        else {
            return false;
        };
        let Some((n, algo)) = stem.strip_prefix("users-").and_then(|r| r.split_once('-')) else {
            return false;
        };
        !n.is_empty()
            && n.bytes().all(|b| b.is_ascii_digit())
            && !algo.is_empty()
            && algo
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    }
}
