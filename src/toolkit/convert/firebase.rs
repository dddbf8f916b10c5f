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
//! Self-test readers: Firebase scrypt by `firebase_scrypt`; the others as the same hash in this
//! library's formats (bcrypt, `$scrypt$`, `$pbkdf2-sha1$`/`$pbkdf2-sha256$` PHC strings,
//! `hex_*`/`salted_*` digests, an HMAC as Auth0's `hmac` object). PBKDF2 users are written only
//! when the key is as long as the digest function's output, since `auth:import` takes no key
//! length for PBKDF2; STANDARD_SCRYPT only with N a power of two and a key of 32 to 64 bytes.
//!
//! Default map: `id`→`localId` (the user name or e-mail when the export has no id),
//! `email`, `email_verified`→`emailVerified`, `name`→`displayName`, `phone`→`phoneNumber`,
//! `created_at`→`createdAt` (milliseconds, as text), `locked`→`disabled`.

use std::collections::BTreeMap;
use std::io;

use serde_json::{Map, Value, json};

use super::mapping::{get_path, set_path};
use super::output::{Series, Staging};
use super::{
    Encoded, Mapping, Refusal, Source, Target, Time, WriteError, Writer, b64, b64_nopad, text,
};
use crate::credential::Credential;
use crate::primitives::Algorithm;
use crate::schemes::portable::{Around, PasswordEncoding, Portable, Step};
use crate::schemes::unix::bcrypt::Variant;

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

/// A hash in Firebase's terms: the configuration, `passwordHash`, `salt`, and the credential
/// this library reads it as.
fn hash(legacy: &Portable) -> Result<(Config, String, Option<String>, Credential), Refusal> {
    let refuse = || {
        Refusal::hash(
            Target::Firebase,
            format_args!("{} ({})", legacy.scheme, legacy.step.config_key()),
        )
    };
    if legacy.step.encoding() != PasswordEncoding::Utf8 {
        return Err(refuse());
    }
    let d = &legacy.digest;
    let hex = crate::encoding::hex::encode(d);
    Ok(match &legacy.step {
        Step::FirebaseScrypt {
            salt,
            separator,
            rounds,
            mem_cost,
            signer_key: Some(key),
        } if (1..=8).contains(rounds) && (1..=14).contains(mem_cost) => {
            let mut flags = vec![("--hash-key", b64(key))];
            if !separator.is_empty() {
                flags.push(("--salt-separator", b64(separator)));
            }
            flags.push(("--rounds", rounds.to_string()));
            flags.push(("--mem-cost", mem_cost.to_string()));
            let rb = Credential::new(b64(d))
                .with_scheme("firebase_scrypt")
                .with_salt(salt.clone())
                .with_param("base64_signer_key", b64(key))
                .with_param("base64_salt_separator", b64(separator))
                .with_param("rounds", rounds.to_string())
                .with_param("mem_cost", mem_cost.to_string());
            (
                Config {
                    algo: "SCRYPT",
                    flags,
                },
                b64(d),
                Some(b64(salt)),
                rb,
            )
        }
        Step::Scrypt { n, r, p, salt, .. }
            if n.is_power_of_two() && *n >= 2 && (32..=64).contains(&d.len()) =>
        {
            let flags = vec![
                ("--mem-cost", n.to_string()),
                ("--block-size", r.to_string()),
                ("--parallelization", p.to_string()),
                ("--dk-len", d.len().to_string()),
            ];
            let rb = Credential::new(crate::schemes::phc::scrypt::format(
                n.trailing_zeros(),
                *r,
                *p,
                salt,
                d,
            ));
            (
                Config {
                    algo: "STANDARD_SCRYPT",
                    flags,
                },
                b64(d),
                Some(b64(salt)),
                rb,
            )
        }
        Step::Bcrypt {
            variant: v @ (Variant::A | Variant::B | Variant::Y),
            cost,
            salt,
            around,
            ..
        } if around.is_empty() => {
            let s = crate::schemes::unix::bcrypt::format(*v, *cost, salt, d);
            (
                Config {
                    algo: "BCRYPT",
                    flags: Vec::new(),
                },
                b64(s.as_bytes()),
                None,
                Credential::new(s),
            )
        }
        Step::Digest { alg, around, .. } => {
            let (algo, id) = match alg {
                Algorithm::Md5 => ("MD5", "md5"),
                Algorithm::Sha1 => ("SHA1", "sha1"),
                Algorithm::Sha256 => ("SHA256", "sha256"),
                Algorithm::Sha512 => ("SHA512", "sha512"),
                _ => return Err(refuse()),
            };
            let (ord, salt) = order(around)?;
            let mut flags = vec![("--rounds", "1".to_owned())];
            let rb = match (ord, salt) {
                (Some(o), Some(s)) => {
                    flags.push(("--hash-input-order", o.to_owned()));
                    Credential::new(hex)
                        .with_scheme(format!("salted_{id}"))
                        .with_salt(s.to_vec())
                        .with_param(
                            "salt_position",
                            if o == "SALT_FIRST" {
                                "prefix"
                            } else {
                                "suffix"
                            },
                        )
                }
                _ => Credential::new(hex).with_scheme(format!("hex_{id}")),
            };
            (Config { algo, flags }, b64(d), salt.map(b64), rb)
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
            let obj = super::auth0::custom_password_hash(legacy)?;
            let rb = Credential::new(Value::Object(obj).to_string())
                .with_scheme("auth0_custom_password_hash");
            (Config { algo, flags }, b64(d), salt.map(b64), rb)
        }
        Step::Pbkdf2 {
            alg,
            iterations,
            salt,
            ..
        } if *iterations <= 120_000 && d.len() == alg.output_len() => {
            let (algo, name) = match alg {
                Algorithm::Sha1 => ("PBKDF_SHA1", "sha1"),
                Algorithm::Sha256 => ("PBKDF2_SHA256", "sha256"),
                _ => return Err(refuse()),
            };
            let rb = Credential::new(format!(
                "$pbkdf2-{name}$i={iterations},l={}${}${}",
                d.len(),
                b64_nopad(salt),
                b64_nopad(d)
            ));
            (
                Config {
                    algo,
                    flags: vec![("--rounds", iterations.to_string())],
                },
                b64(d),
                Some(b64(salt)),
                rb,
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

impl Writer for Firebase {
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
        let (part, readback) = match src.legacy {
            None => ("nopassword".to_owned(), None),
            Some(legacy) => {
                let (config, hash, salt, rb) = hash(legacy)?;
                user.insert("passwordHash".into(), json!(hash));
                if let Some(s) = salt {
                    user.insert("salt".into(), json!(s));
                }
                (config.key(), Some(rb))
            }
        };
        Ok(Encoded {
            text: text(user),
            readback,
            part,
        })
    }

    fn write(&mut self, rec: Encoded, out: &mut Staging) -> Result<(), WriteError> {
        if !self.groups.contains_key(&rec.part) {
            if self.groups.len() >= MAX_GROUPS {
                return Err(WriteError::Refused(Refusal::new(
                    "too_many_configurations",
                    format!("more than {MAX_GROUPS} hash configurations in one export"),
                )));
            }
            let n = self.groups.len() + 1;
            let (algo, flags) = rec.part.split_once(' ').unwrap_or((&rec.part, ""));
            let stem = format!("users-{n}-{}", algo.to_ascii_lowercase());
            let mut command = format!("firebase auth:import {stem}.json");
            if algo != "nopassword" {
                command.push_str(&format!(" --hash-algo={algo}"));
                for flag in flags.split(' ').filter(|f| !f.is_empty()) {
                    let (k, v) = flag.split_once('=').unwrap_or((flag, ""));
                    command.push_str(&format!(" {k}={}", quote(v)));
                }
            }
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
}
