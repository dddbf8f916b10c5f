//! The batch JSONL line reader and answer writer on arbitrary lines.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    if let Ok(line) = std::str::from_utf8(data) {
        let answer = hashbridge::toolkit::record::verify_line(&common::TIGHT, 1, line);
        assert!(answer.starts_with('{'));
    }
});
