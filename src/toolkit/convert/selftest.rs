//! The import self-test: every converted record, parsed back from the text written for the
//! target and read by this library's verifier of the target's format, must describe the
//! source's hash; each hash configuration is probed once with a computed password; test
//! accounts are verified through their converted record.

use super::{ConvertError, Encoded, Run, Source};
use crate::credential::Credential;
use crate::schemes::portable::{self, Portable};

/// Most hash configurations probed in one run: a probe costs one legacy hash and two target
/// verifies, and a hostile export could give every user a configuration of its own.
const MAX_PROBES: usize = 1024;

/// The probe password: non-ASCII, so that an encoding mismatch shows.
const PROBE: &str = "hb-probe ñ 7";
/// A wrong password that differs in its first byte, which every format reads.
const WRONG: &str = "Hb-probe ñ 7";

fn fail(src: &Source<'_>, reason: impl Into<String>) -> ConvertError {
    ConvertError::SelfTest {
        position: src.position,
        user: src
            .account
            .user
            .clone()
            .unwrap_or_else(|| "no user name".to_owned()),
        reason: reason.into(),
    }
}

/// The password hash of a written record, parsed from its text.
fn parsed(
    run: &Run<'_>,
    src: &Source<'_>,
    enc: &Encoded,
) -> Result<Option<Credential>, ConvertError> {
    run.writer.read_back(enc).map_err(|e| {
        fail(
            src,
            format!("the written record cannot be read back as the target reads it: {e}"),
        )
    })
}

/// Check one encoded record before it is written.
pub(super) fn check(
    run: &mut Run<'_>,
    src: &Source<'_>,
    enc: &Encoded,
    scheme: Option<&str>,
) -> Result<(), ConvertError> {
    let rb = parsed(run, src, enc)?;
    match (&rb, src.credential) {
        (Some(rb), _) => {
            read_back(run, src, rb)?;
            run.summary.self_tested += 1;
            if let Some(legacy) = src.legacy
                && run.writer.needs_description()
            {
                probe(run, src, legacy)?;
            }
        }
        (None, Some(_)) => {
            return Err(fail(src, "the written record has no password hash"));
        }
        (None, None) => {}
    }
    check_passwords(run, src, rb.as_ref(), scheme)
}

/// The written record, as our verifier reads it, describes the source's hash.
fn read_back(run: &Run<'_>, src: &Source<'_>, rb: &Credential) -> Result<(), ConvertError> {
    let m = run.migrator;
    let scheme = m.identify(rb).map_err(|e| {
        fail(
            src,
            format!("the written hash is not read by any scheme here: {e}"),
        )
    })?;
    m.inspect(scheme, rb).map_err(|e| {
        fail(
            src,
            format!("the written hash is refused by {}: {e}", scheme.id()),
        )
    })?;
    let Some(legacy) = src.legacy else {
        return Ok(());
    };
    let again = portable::describe(scheme.id(), rb, &m.policy().limits).map_err(|e| {
        fail(
            src,
            format!(
                "the written hash cannot be described as {}: {e}",
                scheme.id()
            ),
        )
    })?;
    if !legacy.same_hash(&again) {
        let what = if legacy.step != again.step {
            format!(
                "its step differs ({} {} written as {} {})",
                legacy.scheme,
                legacy.step.config_key(),
                again.scheme,
                again.step.config_key()
            )
        } else {
            "its digest differs".to_owned()
        };
        return Err(fail(
            src,
            format!("the written record does not describe the source's hash: {what}"),
        ));
    }
    Ok(())
}

/// Once per configuration: a password hashed with the source's step, written in the target's
/// format, verifies there; a wrong one does not.
fn probe(run: &mut Run<'_>, src: &Source<'_>, legacy: &Portable) -> Result<(), ConvertError> {
    let key = legacy.step.config_key();
    if run.probed.contains(&key) || run.probed.len() >= MAX_PROBES {
        return Ok(());
    }
    let m = run.migrator;
    let limits = &m.policy().limits;
    let digest = legacy
        .step
        .compute("probe", PROBE.as_bytes(), legacy.digest.len(), limits)
        .map_err(|e| {
            fail(
                src,
                format!("the probe of this hash configuration failed: {e}"),
            )
        })?
        .ok_or_else(|| fail(src, "the probe password cannot be hashed with this step"))?;
    let probe = Portable {
        step: legacy.step.clone(),
        digest: digest.to_vec(),
        scheme: legacy.scheme,
    };
    let probe_src = Source {
        position: src.position,
        account: src.account,
        credential: src.credential,
        legacy: Some(&probe),
    };
    let enc = run
        .writer
        .encode(&probe_src)
        .map_err(|r| fail(src, format!("the probe record was refused: {}", r.reason)))?;
    let rb = parsed(run, src, &enc)?
        .ok_or_else(|| fail(src, "the probe record has no password hash"))?;
    let right = m
        .verify(PROBE.as_bytes(), &rb)
        .map_err(|e| fail(src, format!("the probe record cannot be verified: {e}")))?;
    let wrong = m
        .verify(WRONG.as_bytes(), &rb)
        .map_err(|e| fail(src, format!("the probe record cannot be verified: {e}")))?;
    if !right.valid || wrong.valid {
        return Err(fail(
            src,
            format!(
                "a password hashed as the source does ({}) does not verify as written for the \
                 target; the target would refuse every login of this configuration",
                legacy.step.config_key()
            ),
        ));
    }
    run.probed.insert(key);
    run.summary.probes += 1;
    Ok(())
}

/// Test accounts: the known password verifies through the converted record.
fn check_passwords(
    run: &mut Run<'_>,
    src: &Source<'_>,
    written: Option<&Credential>,
    scheme: Option<&str>,
) -> Result<(), ConvertError> {
    if run.options.check_passwords.is_empty() {
        return Ok(());
    }
    let a = src.account;
    let keys = [
        a.user.as_deref(),
        a.profile.email.as_deref(),
        a.profile.username.as_deref(),
        a.profile.id.as_deref(),
    ];
    let mut seen: Vec<&str> = Vec::new();
    for key in keys.into_iter().flatten() {
        if seen.contains(&key) || run.checked.contains(key) {
            continue;
        }
        seen.push(key);
        let Some(pw) = run.options.check_passwords.get(key) else {
            continue;
        };
        let m = run.migrator;
        let (Some(rb), Some(source)) = (written, src.credential) else {
            return Err(fail(
                src,
                format!("test account {key:?} has no password hash in the export"),
            ));
        };
        let through = m
            .verify(pw.as_bytes(), rb)
            .map_err(|e| fail(src, format!("test account {key:?}: {e}")))?;
        if !through.valid {
            let at_source = m.verify(pw.as_bytes(), source).is_ok_and(|o| o.valid);
            return Err(fail(
                src,
                if at_source {
                    format!(
                        "test account {key:?}: the password verifies against the source \
                         ({}) but not through the converted record",
                        scheme.unwrap_or("?")
                    )
                } else {
                    format!(
                        "test account {key:?}: the password does not verify against the \
                         source record either (is it the right password?)"
                    )
                },
            ));
        }
        run.checked.insert(key.to_owned());
        run.summary.passwords_checked += 1;
    }
    Ok(())
}
