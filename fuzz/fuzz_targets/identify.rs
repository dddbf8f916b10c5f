//! Identification of arbitrary strings: never panics, never hangs.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = common::TIGHT.registry().identify(s);
    }
});
