//! Full verify with tight limits: hash string, password and scheme hint all fuzzed.
#![no_main]

use hashbridge::Credential;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    // "password\0hash": the password may hold any bytes but NUL.
    let (pw, hash) = match rest.iter().position(|&b| b == 0) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (&b""[..], rest),
    };
    let Ok(hash) = std::str::from_utf8(hash) else { return };
    let mut cred = Credential::new(hash).with_salt(b"NaCl".to_vec()).with_username("user");
    if pick & 1 == 1 {
        let ids = &*common::IDS;
        cred = cred.with_scheme(ids[usize::from(pick >> 1) % ids.len()].clone());
    }
    let _ = common::TIGHT.verify(pw, &cred);
});
