//! Dovecot's stored SCRAM credentials: `{SCRAM-SHA-1}` and `{SCRAM-SHA-256}`.
//!
//! Format (Dovecot `auth_scram_credentials_parse`): `iterations,salt,StoredKey,ServerKey`, the
//! salt and both keys in standard base64. `SaltedPassword = PBKDF2-HMAC-H(password, salt,
//! iterations)`, `ClientKey = HMAC(SaltedPassword, "Client Key")`, `StoredKey = H(ClientKey)`
//! (RFC 5802). A password is checked the way Dovecot checks it: by recomputing StoredKey; the
//! ServerKey is only validated for shape. Dovecot refuses fewer than 4096 iterations and so do
//! we; the upper bound is `Limits::max_pbkdf2_iterations`. The password is used as given
//! (Dovecot does not apply SASLprep to stored credentials either).
//!
//! Weaknesses: PBKDF2 with a low iteration count (Dovecot's default is 4096); the StoredKey is
//! enough to impersonate the user in a SCRAM exchange. Always upgraded.

use crate::credential::Credential;
use crate::encoding::b64;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq, number, pbkdf2};
use crate::scheme::{Match, Scheme};

use super::marker::Marked;

/// Dovecot's lowest accepted iteration count (RFC 5802's recommendation).
const MIN_ITERATIONS: u64 = 4096;
/// Dovecot's highest accepted iteration count (`INT_MAX`).
const MAX_ITERATIONS: u64 = i32::MAX as u64;

/// One SCRAM credential scheme.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DovecotScram {
    id: &'static str,
    name: &'static str,
    prefixes: &'static [&'static str],
    alg: Algorithm,
}

/// A parsed credential.
struct Parsed {
    iterations: u64,
    salt: Vec<u8>,
    stored_key: Vec<u8>,
}

impl DovecotScram {
    /// `{SCRAM-SHA-1}`.
    pub(crate) const SHA1: DovecotScram = DovecotScram {
        id: "dovecot_scram_sha_1",
        name: "SCRAM-SHA-1",
        prefixes: &["{SCRAM-SHA-1}", "{scram-sha-1}"],
        alg: Algorithm::Sha1,
    };
    /// `{SCRAM-SHA-256}`.
    pub(crate) const SHA256: DovecotScram = DovecotScram {
        id: "dovecot_scram_sha_256",
        name: "SCRAM-SHA-256",
        prefixes: &["{SCRAM-SHA-256}", "{scram-sha-256}"],
        alg: Algorithm::Sha256,
    };

    fn parse(&self, hash: &str, limits: &Limits) -> Result<Parsed> {
        let m = Marked::expect(self.id, hash, self.name)?;
        if m.suffix.is_some() {
            return Err(Error::malformed(
                self.id,
                "prefix",
                "no encoding suffix applies",
            ));
        }
        let fields: Vec<&str> = m.body.splitn(5, ',').collect();
        let [iterations, salt, stored_key, server_key] = fields[..] else {
            return Err(Error::malformed(
                self.id,
                "value",
                "expected iterations,salt,StoredKey,ServerKey",
            ));
        };
        let iterations = number::decimal(self.id, "iterations", iterations)?;
        if iterations < MIN_ITERATIONS {
            return Err(Error::malformed(
                self.id,
                "iterations",
                "below Dovecot's minimum of 4096",
            ));
        }
        Limits::check(self.id, "iterations", iterations, MAX_ITERATIONS, "")?;
        limits.pbkdf2(self.id, self.alg, iterations, self.alg.output_len())?;
        let salt = b64::decode(&b64::STANDARD, salt)
            .ok_or_else(|| Error::malformed(self.id, "salt", "not valid base64"))?;
        limits.salt_len(self.id, salt.len())?;
        let n = self.alg.output_len();
        let key = |field: &'static str, text: &str| {
            b64::decode(&b64::STANDARD, text)
                .filter(|k| k.len() == n)
                .ok_or_else(|| {
                    Error::malformed(self.id, field, format!("expected {n} bytes in base64"))
                })
        };
        let stored_key = key("StoredKey", stored_key)?;
        key("ServerKey", server_key)?;
        Ok(Parsed {
            iterations,
            salt,
            stored_key,
        })
    }
}

impl Scheme for DovecotScram {
    fn id(&self) -> &str {
        self.id
    }

    fn prefixes(&self) -> &[&'static str] {
        self.prefixes
    }

    fn identify(&self, hash: &str) -> Match {
        match Marked::named(hash, self.name) {
            Some(m) if m.suffix.is_none() => Match::Exact,
            _ => Match::No,
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let p = self.parse(cred.hash(), limits)?;
        let n = self.alg.output_len();
        let salted = pbkdf2::derive(
            self.id,
            self.alg,
            password,
            &p.salt,
            p.iterations,
            n,
            limits,
        )?;
        let client_key = self.alg.hmac(&salted, &[b"Client Key"]);
        let stored_key = self.alg.digest(&[client_key.as_bytes()]);
        Ok(ct_eq(stored_key.as_bytes(), &p.stored_key))
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        let p = self.parse(cred.hash(), limits)?;
        Ok(vec![
            ("iterations", p.iterations.to_string()),
            ("salt_bytes", p.salt.len().to_string()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    const SHA256: &str = "{SCRAM-SHA-256}4096,plm5yhrkeSPNUMxs36KcQg==,f5uxOud9yFYFGj5rg+yEoHkT06W3unImTPYNA7YPfH8=,581+gbN0Kp5C6fujoOFCoYbdWXhJd9n7foxDtTvz+MY=";

    fn check(s: &DovecotScram, pw: &[u8], hash: &str) -> Result<bool> {
        s.verify(pw, &Credential::new(hash), &Limits::DEFAULT)
    }

    #[test]
    fn known_answer() {
        // doveadm pw -s SCRAM-SHA-256 (Dovecot 2.3.19).
        assert_eq!(DovecotScram::SHA256.identify(SHA256), Match::Exact);
        assert!(
            check(
                &DovecotScram::SHA256,
                b"correct horse battery staple",
                SHA256
            )
            .unwrap()
        );
        assert!(
            !check(
                &DovecotScram::SHA256,
                b"dorrect horse battery staple",
                SHA256
            )
            .unwrap()
        );
        // RFC 5802's example user: StoredKey of "pencil" with salt QSXCR+Q6sek8bf92, 4096 rounds.
        let h = "{scram-sha-1}4096,QSXCR+Q6sek8bf92,6dlGYMOdZcOPutkcNY8U2g7vK9Y=,D+CSWLOshSulAsxiupA+qs2/fTE=";
        assert!(check(&DovecotScram::SHA1, b"pencil", h).unwrap());
    }

    #[test]
    fn rejects_malformed() {
        for h in [
            "{SCRAM-SHA-256}4096,plm5yhrkeSPNUMxs36KcQg==,f5uxOud9yFYFGj5rg+yEoHkT06W3unImTPYNA7YPfH8=",
            "{SCRAM-SHA-256}4095,plm5yhrkeSPNUMxs36KcQg==,f5uxOud9yFYFGj5rg+yEoHkT06W3unImTPYNA7YPfH8=,581+gbN0Kp5C6fujoOFCoYbdWXhJd9n7foxDtTvz+MY=",
            "{SCRAM-SHA-256}-4096,plm5yhrkeSPNUMxs36KcQg==,f5uxOud9yFYFGj5rg+yEoHkT06W3unImTPYNA7YPfH8=,581+gbN0Kp5C6fujoOFCoYbdWXhJd9n7foxDtTvz+MY=",
            "{SCRAM-SHA-256}4096,plm5yhrkeSPNUMxs36KcQg==,f5uxOud9yFYFGj5rg+yEoHkT06W3unImTPYNA7YPfH=,581+gbN0Kp5C6fujoOFCoYbdWXhJd9n7foxDtTvz+MY=",
            "{SCRAM-SHA-256}4096,plm5yhrkeSPNUMxs36KcQg==,f5uxOud9yFYFGj5rg+yEoHkT06W3unImTPYNA7YPfH8=,581+gbN0Kp5C6fujoOFCoYbdWXhJd9n7foxDtTvz+MY=,x",
            "{SCRAM-SHA-256}4096,!!,f5uxOud9yFYFGj5rg+yEoHkT06W3unImTPYNA7YPfH8=,581+gbN0Kp5C6fujoOFCoYbdWXhJd9n7foxDtTvz+MY=",
        ] {
            let e = check(&DovecotScram::SHA256, b"x", h).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed, "{h}");
        }
    }

    #[test]
    fn bounds_iterations_before_work() {
        let h = SHA256.replacen("4096", "4294967295", 1);
        let e = check(&DovecotScram::SHA256, b"x", &h).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Limit);
        let h = SHA256.replacen("4096", "20000000", 1);
        let e = check(&DovecotScram::SHA256, b"x", &h).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Limit);
    }
}
