#![allow(unreachable_pub)]
//! Shared helpers for the integration tests: loading the known-answer vectors.

#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::Value;

/// One line of a vector file, with its raw JSON (fed to the same record reader as the CLI).
pub struct Vector {
    pub line: String,
    pub json: Value,
}

impl Vector {
    pub fn id(&self) -> &str {
        self.json["id"].as_str().unwrap_or("?")
    }
    pub fn format(&self) -> &str {
        self.json["format"].as_str().unwrap_or("?")
    }
    pub fn valid(&self) -> Option<bool> {
        self.json["valid"].as_bool()
    }
}

/// `tests/data` of the library package, from its own tests or the CLI package's (`cli/`).
pub fn data_dir() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = if here.join("tests").join("data").is_dir() {
        here
    } else {
        here.join("..")
    };
    root.join("tests").join("data")
}

/// Formats selected by `HASHBRIDGE_FORMATS` (comma-separated), or all.
pub fn selected(format: &str) -> bool {
    match std::env::var("HASHBRIDGE_FORMATS") {
        Ok(list) if !list.is_empty() => list.split(',').any(|f| f == format),
        _ => true,
    }
}

/// Every vector of the files whose names match `pred`, filtered by `HASHBRIDGE_FORMATS`.
pub fn load(pred: impl Fn(&str) -> bool) -> Vec<Vector> {
    let mut names: Vec<String> = std::fs::read_dir(data_dir())
        .expect("tests/data exists")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".jsonl") && pred(n))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        let text = std::fs::read_to_string(data_dir().join(&name)).expect("readable vector file");
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let json: Value = serde_json::from_str(line).expect("vector files are valid JSON");
            let v = Vector {
                line: line.to_owned(),
                json,
            };
            if selected(v.format()) {
                out.push(v);
            }
        }
    }
    out
}

/// Known-answer files (everything but the malformed sets).
pub fn known_answer(name: &str) -> bool {
    !name.starts_with("malformed")
}

/// Malformed-input files.
pub fn malformed(name: &str) -> bool {
    name.starts_with("malformed")
}
