//! LDIF (RFC 2849), as `slapcat`, `ldapsearch -L` and 389-ds `db2ldif` write it.
//!
//! Entries are separated by blank lines. A line starting with one space continues the previous
//! one (tools fold at 76 or 78 columns); a line starting with `#` is a comment. Each value is
//! `attr: text` or `attr:: base64` (how `slapcat` writes every `userPassword`); `attr:< URL`
//! values are not fetched. Attribute names are matched without regard to case and options
//! (`userPassword;binary`). Every `userPassword` value of an entry is one account, named by the
//! entry's `uid`, else `cn`, else `mail`, else its DN. A value without a `{SCHEME}` marker is
//! the password in clear text, as slapd reads it (`ldap_plaintext`).

use std::io::BufRead;

use super::{Account, Entry, ExportError, Format, Options, Profile, complete, malformed, too_long};
use crate::credential::Credential;
use crate::encoding::b64;
use crate::error::{Error, Result};
use crate::toolkit::batch::{Line, read_line, skip_bom};

/// The entry being collected.
#[derive(Default)]
struct Pending {
    /// Line number of its first line.
    start: u64,
    /// Folded-together logical lines.
    lines: Vec<String>,
    bytes: usize,
    too_long: bool,
    not_utf8: bool,
    /// A continuation line with no line to continue.
    stray: bool,
}

/// A hash string that is a whole LDIF `userPassword` line, as directory tools print one
/// (`userPassword:: <base64>`, how LDIF carries `{SSHA}...` and every other value, or
/// `userPassword: <value>`; the attribute name in any case), replaced by the value inside, with
/// the credential's other context kept. Any other string is returned as it is. Batch records
/// and the CLI's `--hash` pass through here, so `identify`, `verify` and `audit` read such a
/// line alike; the library's `Migrator` takes hash strings only.
///
/// # Errors
/// [`crate::ErrorKind::Malformed`] for a value that is not base64 or UTF-8, is empty, or is
/// itself another `userPassword` line.
pub fn unwrap_line(cred: Credential) -> Result<Credential> {
    match line_value(cred.hash())? {
        None => Ok(cred),
        Some(value) if line_value(&value)?.is_some() => Err(Error::malformed(
            "ldif",
            "userPassword",
            "nested userPassword value",
        )),
        Some(value) => {
            let mut inner = cred.with_hash(value);
            if let Some(s) = cred.scheme() {
                inner = inner.with_scheme(s.to_owned());
            }
            Ok(inner)
        }
    }
}

/// The value of a `userPassword` line, `None` for any other string.
fn line_value(h: &str) -> Result<Option<String>> {
    const ATTR: &str = "userpassword:";
    if h.len() < ATTR.len()
        || !h.is_char_boundary(ATTR.len())
        || !h[..ATTR.len()].eq_ignore_ascii_case(ATTR)
    {
        return Ok(None);
    }
    let rest = &h[ATTR.len()..];
    let value = match rest.strip_prefix(':') {
        Some(text) => {
            let bytes = b64::decode(&b64::STANDARD, text.trim())
                .ok_or_else(|| Error::malformed("ldif", "userPassword", "not base64 after '::'"))?;
            String::from_utf8(bytes)
                .map_err(|_| Error::malformed("ldif", "userPassword", "the value is not UTF-8"))?
        }
        None => rest.trim_start_matches(' ').to_owned(),
    };
    if value.is_empty() {
        return Err(Error::malformed("ldif", "userPassword", "empty value"));
    }
    Ok(Some(value))
}

pub(super) fn read(
    input: &mut dyn BufRead,
    options: &Options,
    sink: &mut dyn FnMut(Entry),
) -> Result<(), ExportError> {
    let mut number = 0u64;
    let mut entry = Pending::default();
    let mut in_comment = false;
    skip_bom(input)?;
    loop {
        let line = read_line(input, options.max_record_bytes)?;
        number += 1;
        let text = match line {
            None => {
                finish(&mut entry, options, sink);
                return Ok(());
            }
            Some(Line::Text(t)) => t,
            Some(Line::TooLong) => {
                start(&mut entry, number);
                entry.too_long = true;
                continue;
            }
            Some(Line::NotUtf8) => {
                start(&mut entry, number);
                entry.not_utf8 = true;
                continue;
            }
        };
        // A line of spaces where no entry is open is taken as the blank line it looks like.
        if text.is_empty() || (entry.start == 0 && text.trim().is_empty()) {
            in_comment = false;
            finish(&mut entry, options, sink);
            continue;
        }
        if let Some(cont) = text.strip_prefix(' ') {
            if in_comment {
                continue;
            }
            entry.bytes += cont.len();
            if entry.bytes > options.max_record_bytes {
                entry.too_long = true;
                entry.lines.clear();
            } else if let Some(last) = entry.lines.last_mut() {
                last.push_str(cont);
            } else if !entry.too_long {
                start(&mut entry, number);
                entry.stray = true;
            }
            continue;
        }
        in_comment = text.starts_with('#');
        if in_comment {
            continue;
        }
        start(&mut entry, number);
        entry.bytes += text.len();
        if entry.bytes > options.max_record_bytes {
            entry.too_long = true;
            entry.lines.clear();
        } else if !entry.too_long {
            entry.lines.push(text.as_str().to_owned());
        }
    }
}

fn start(entry: &mut Pending, number: u64) {
    if entry.start == 0 {
        entry.start = number;
    }
}

/// Hand over the accounts of the collected entry and start a new one.
fn finish(entry: &mut Pending, options: &Options, sink: &mut dyn FnMut(Entry)) {
    let e = std::mem::take(entry);
    if e.start == 0 {
        return;
    }
    let position = e.start;
    if e.too_long {
        sink(Entry {
            position,
            account: Err(too_long(Format::Ldif, options.max_record_bytes)),
        });
        return;
    }
    if e.not_utf8 || e.stray {
        let reason = if e.not_utf8 {
            "not valid UTF-8"
        } else {
            "a continuation line with nothing to continue"
        };
        sink(Entry {
            position,
            account: Err(malformed(Format::Ldif, "line", reason)),
        });
        return;
    }
    let mut dn = None;
    let mut names: [Option<String>; 3] = [None, None, None];
    // givenName, sn, telephoneNumber, createTimestamp, entryUUID.
    let mut extra: [Option<String>; 5] = [None, None, None, None, None];
    let mut passwords = Vec::new();
    for line in &e.lines {
        match attribute(line) {
            Ok(None) => {}
            Ok(Some((name, value))) => {
                let slot = match name.as_str() {
                    "dn" => &mut dn,
                    "uid" => &mut names[0],
                    "cn" => &mut names[1],
                    "mail" => &mut names[2],
                    "givenname" => &mut extra[0],
                    "sn" => &mut extra[1],
                    "telephonenumber" => &mut extra[2],
                    "createtimestamp" => &mut extra[3],
                    "entryuuid" => &mut extra[4],
                    "userpassword" => {
                        passwords.push(value);
                        continue;
                    }
                    _ => continue,
                };
                if slot.is_none()
                    && let Ok(v) = value
                {
                    *slot = Some(v);
                }
            }
            Err(err) => {
                sink(Entry {
                    position,
                    account: Err(err),
                });
                return;
            }
        }
    }
    if dn.is_none() {
        // `version: 1` and other header lines form an entry of their own.
        if passwords.is_empty() {
            return;
        }
        sink(Entry {
            position,
            account: Err(malformed(Format::Ldif, "dn", "entry without a dn")),
        });
        return;
    }
    let [uid, cn, mail] = names;
    let [given, sn, phone, created, uuid] = extra;
    let profile = Profile {
        id: uuid,
        username: uid.clone(),
        email: mail.clone(),
        name: cn.clone(),
        given_name: given,
        family_name: sn,
        phone,
        created_at: created.and_then(|c| crate::toolkit::timestamp::parse_generalized(&c)),
        ..Profile::default()
    };
    let user = uid.or(cn).or(mail).or(dn);
    for value in passwords {
        let account = value
            .map(|v| {
                if v.is_empty() {
                    return Account::without_hash(user.clone(), "empty userPassword");
                }
                // slapd compares a value without a `{SCHEME}` marker as the password itself.
                let plain = !v.starts_with('{') && options.scheme.is_none();
                let mut cred = Credential::new(v);
                if plain {
                    cred = cred.with_scheme("ldap_plaintext");
                }
                if let Some(u) = &user {
                    cred = cred.with_username(u.clone());
                }
                Account::with_hash(user.clone(), complete(cred, options))
            })
            .map(|a| a.with_profile(profile.clone()));
        sink(Entry { position, account });
    }
}

/// An attribute's lower-case name and its value (or why the value cannot be read).
type Attribute = (String, Result<String, Error>);

/// One logical line as `(lower-case attribute name without options, value)`; `Ok(None)` for
/// lines that carry no value this reader uses (`-` separators of change records).
fn attribute(line: &str) -> Result<Option<Attribute>, Error> {
    if line == "-" {
        return Ok(None);
    }
    let Some((name, rest)) = line.split_once(':') else {
        return Err(malformed(
            Format::Ldif,
            "line",
            "an attribute line without ':'",
        ));
    };
    let name = name
        .split(';')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let value = if let Some(b64text) = rest.strip_prefix(':') {
        b64::decode(&b64::STANDARD, b64text.trim())
            .ok_or_else(|| {
                malformed(
                    Format::Ldif,
                    "value",
                    format!("{name}: not base64 after '::'"),
                )
            })
            .and_then(|bytes| {
                String::from_utf8(bytes).map_err(|_| {
                    malformed(
                        Format::Ldif,
                        "value",
                        format!("{name}: the value is not UTF-8"),
                    )
                })
            })
    } else if rest.starts_with('<') {
        Err(malformed(
            Format::Ldif,
            "value",
            format!("{name}: values given by URL are not read"),
        ))
    } else {
        Ok(rest.trim_start_matches(' ').to_owned())
    };
    Ok(Some((name, value)))
}
