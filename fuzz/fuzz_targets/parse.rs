//! Every scheme's parser (`inspect`, through the scheme hint) on arbitrary strings and context.
#![no_main]

use hashbridge::Credential;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let Ok(s) = std::str::from_utf8(rest) else { return };
    let ids = &*common::IDS;
    // "id\u{2}..." names the scheme (the seeds from the vectors are written so, each aimed at
    // its own parser); otherwise the first byte picks one.
    let (id, s) = match s.split_once('\u{2}') {
        Some((name, tail)) if ids.iter().any(|i| i == name) => (name, tail),
        _ => (ids[usize::from(pick) % ids.len()].as_str(), s),
    };
    // Context from the tail of the input: "hash\u{1}salt\u{1}user".
    let mut parts = s.split('\u{1}');
    let mut cred = Credential::new(parts.next().unwrap_or_default()).with_scheme(id);
    if let Some(salt) = parts.next() {
        cred = cred.with_salt(salt.as_bytes().to_vec());
    }
    if let Some(user) = parts.next() {
        cred = cred.with_username(user);
    }
    if let Ok(scheme) = common::TIGHT.identify(&cred) {
        let _ = scheme.inspect(&cred, &common::TIGHT.policy().limits);
    }
});
