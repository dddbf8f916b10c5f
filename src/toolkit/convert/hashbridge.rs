//! The `hashbridge` target: the normalised batch records of this library, one JSON object a
//! line, exactly as `hashbridge read` writes them (`hash`, `salt`, `params`, `format`,
//! `username`, `locked` and a `profile` object). For platforms that can only migrate lazily,
//! through a hook that receives the password at the user's first sign-in and asks a verifier
//! backed by this library (Amazon Cognito's migrate-user trigger, Authing and Auth0 custom
//! database scripts, Okta's password-import inline hook): the migration service loads these
//! records. Every credential a scheme here reads is kept as it is, described or not; one
//! that no scheme reads is refused.

use super::{Encoded, Encoder, Refusal, Source};
use crate::credential::Credential;
use crate::toolkit::export::{self, Entry};

/// The encoder.
pub(crate) struct Hashbridge;

impl Encoder for Hashbridge {
    fn encode(&self, src: &Source<'_>) -> Result<Encoded, Refusal> {
        let mut account = src.account.clone();
        account.credential = src.credential.cloned();
        let entry = Entry {
            position: src.position,
            account: Ok(account),
        };
        Ok(Encoded {
            text: export::entry_json(&entry),
            part: String::new(),
        })
    }

    /// The written line read as a batch record, as the migration service loads it.
    fn read_back(&self, rec: &Encoded) -> Result<Option<Credential>, String> {
        let record =
            crate::toolkit::record::parse_export_line(&rec.text).map_err(|(_, e)| e.to_string())?;
        Ok((!record.credential.hash().is_empty()).then_some(record.credential))
    }

    fn needs_description(&self) -> bool {
        false
    }
}
