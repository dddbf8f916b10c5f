//! The `hashbridge` target: the normalised batch records of this library, one JSON object a
//! line, exactly as `hashbridge read` writes them (`hash`, `salt`, `params`, `format`,
//! `username`, `locked` and a `profile` object). For platforms that can only migrate lazily,
//! through a hook that receives the password at the user's first sign-in and asks a verifier
//! backed by this library (Amazon Cognito's migrate-user trigger, Authing and Auth0 custom
//! database scripts, Okta's password-import inline hook): the migration service loads these
//! records. Every credential a scheme here reads is kept as it is, described or not; one
//! that no scheme reads is refused.

use std::io;

use super::output::{Series, Staging};
use super::{Encoded, Refusal, Source, WriteError, Writer};
use crate::toolkit::export::{self, Entry};

/// The writer.
pub(crate) struct Hashbridge {
    users: Series,
}

impl Hashbridge {
    pub(crate) fn new() -> Self {
        Hashbridge {
            users: Series::lines("users"),
        }
    }
}

impl Writer for Hashbridge {
    fn encode(&self, src: &Source<'_>) -> Result<Encoded, Refusal> {
        let mut account = src.account.clone();
        account.credential = src.credential.cloned();
        let entry = Entry {
            position: src.position,
            account: Ok(account),
        };
        Ok(Encoded {
            text: export::entry_json(&entry),
            readback: src.credential.cloned(),
            part: String::new(),
        })
    }

    fn write(&mut self, rec: Encoded, out: &mut Staging) -> Result<(), WriteError> {
        Ok(self.users.push(out, &rec.text)?)
    }

    fn finish(&mut self, out: &mut Staging) -> io::Result<()> {
        self.users.finish(out)
    }

    fn needs_description(&self) -> bool {
        false
    }
}
