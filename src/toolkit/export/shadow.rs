//! Colon-separated account files: `/etc/shadow`, `/etc/passwd`, Apache `htpasswd` and
//! `htdigest`.
//!
//! shadow(5): `name:password:lastchange:min:max:warn:inactive:expire:reserved`. The password
//! field is a crypt(3) string, or a marker that no password can match: `*` (never set),
//! `x` (in passwd(5): the hash is in the shadow file), `NP`, `*LK*` and `LK` (Solaris). A leading
//! `!` (`passwd -l`, `usermod -L`; `!!` for "never set" on Red Hat) locks the account and keeps
//! the hash behind it, if any; an empty field
//! lets the user log in with no password at all. Lines starting with `+` or `-` are NIS
//! inclusions, not accounts.
//!
//! htpasswd: `user:hash`, the hash any of Apache's formats (bcrypt, `$apr1$`, `{SHA}`, crypt,
//! plain text on Windows and NetWare builds). htdigest: `user:realm:md5(user:realm:password)`.

use std::io::BufRead;

use super::{Account, Entry, ExportError, Format, Options, complete, each_line, malformed};
use crate::credential::Credential;
use crate::error::Error;

/// Read a shadow or passwd file.
pub(super) fn read_shadow(
    input: &mut dyn BufRead,
    options: &Options,
    sink: &mut dyn FnMut(Entry),
) -> Result<(), ExportError> {
    each_line(input, Format::Shadow, options, sink, |_, line| {
        if line.starts_with('#') || line.starts_with('+') || line.starts_with('-') {
            return None;
        }
        Some(shadow_line(line, options))
    })
}

fn shadow_line(line: &str, options: &Options) -> Result<Account, Error> {
    let mut fields = line.split(':');
    let name = fields.next().unwrap_or_default();
    let Some(field) = fields.next() else {
        return Err(malformed(
            Format::Shadow,
            "line",
            "no ':' after the user name",
        ));
    };
    if name.is_empty() {
        return Err(malformed(Format::Shadow, "name", "empty user name"));
    }
    let user = Some(name.to_owned());
    let (locked, hash) = match field.strip_prefix("*LK*") {
        Some(rest) => (true, rest),
        None => {
            let rest = field.trim_start_matches('!');
            (rest.len() != field.len(), rest)
        }
    };
    let marker = match hash {
        "" if locked => Some("locked, no password set"),
        "" => Some("empty password field: login needs no password"),
        "*" => Some("no password set: password login disabled"),
        "x" => Some("the password is in the shadow file"),
        "NP" | "*NP*" => Some("no password set"),
        "LK" => Some("locked, no password set"),
        _ => None,
    };
    let mut account = match marker {
        Some(note) => Account::without_hash(user, note),
        None => {
            let cred = complete(Credential::new(hash).with_username(name), options);
            Account::with_hash(user, cred)
        }
    };
    account.locked = locked || hash == "LK";
    if locked && account.credential.is_some() {
        account.note = Some("locked; the hash behind the lock is kept");
    }
    Ok(account.named())
}

/// Read an htpasswd or htdigest file.
pub(super) fn read_htpasswd(
    input: &mut dyn BufRead,
    options: &Options,
    sink: &mut dyn FnMut(Entry),
) -> Result<(), ExportError> {
    each_line(input, Format::Htpasswd, options, sink, |_, line| {
        if line.trim_start().starts_with('#') {
            return None;
        }
        Some(htpasswd_line(line, options))
    })
}

fn htpasswd_line(line: &str, options: &Options) -> Result<Account, Error> {
    let Some((user, rest)) = line.split_once(':') else {
        return Err(malformed(
            Format::Htpasswd,
            "line",
            "no ':' after the user name",
        ));
    };
    if user.is_empty() {
        return Err(malformed(Format::Htpasswd, "user", "empty user name"));
    }
    // htdigest's third field is always 32 hex digits; no htpasswd hash has that shape after a
    // colon (none of Apache's formats contains one).
    let cred = match rest.split_once(':') {
        Some((realm, digest))
            if digest.len() == 32 && digest.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            Credential::new(digest)
                .with_scheme("htdigest")
                .with_param("realm", realm)
        }
        _ if rest.is_empty() => {
            return Ok(
                Account::without_hash(Some(user.to_owned()), "empty password field").named(),
            );
        }
        _ => Credential::new(rest),
    };
    let cred = complete(cred.with_username(user), options);
    Ok(Account::with_hash(Some(user.to_owned()), cred).named())
}
