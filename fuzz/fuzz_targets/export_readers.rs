//! The export readers (shadow, htpasswd, LDIF, CSV, JSONL, Firebase, Keycloak, Auth0, Django) on
//! arbitrary files, then a census of what they read (identify and parameter checks of every
//! credential) and the JSONL line of every entry. Verifying is the `verify` target's job.
#![no_main]

use hashbridge::toolkit::audit::Census;
use hashbridge::toolkit::export::{self, Format, Options};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, file)) = data.split_first() else {
        return;
    };
    let format = Format::ALL[usize::from(selector) % Format::ALL.len()];
    let mut options = Options::default();
    // Small limits half of the time, so the limit paths are reached with short inputs.
    if selector & 0x80 != 0 {
        options.max_record_bytes = 64;
    }
    if selector & 0x40 != 0 {
        options.params.insert("rounds", "8");
        options.params.insert("mem_cost", "1");
        options.params.insert("base64_signer_key", "AAAA");
        options.params.insert("base64_salt_separator", "Bw==");
    }
    let mut census = Census::new();
    let mut entries = 0u64;
    let result = export::read(format, file, &options, |e| {
        entries += 1;
        census.add(&common::TIGHT, &e);
        let line = export::entry_json(&e);
        assert!(line.starts_with('{'));
    });
    assert_eq!(census.entries, entries);
    if let Ok(n) = result {
        assert_eq!(n, entries);
    }
});
