//! Shared set-up for the fuzz targets: a migrator with limits tight enough that every input runs
//! in milliseconds, so the fuzzer explores parsing rather than waiting on key derivation.

use std::sync::LazyLock;

use hashbridge::{Limits, Migrator, Policy, Registry, Target};

pub static TIGHT: LazyLock<Migrator> = LazyLock::new(|| {
    let mut limits = Limits::DEFAULT;
    limits.max_bcrypt_cost = 5;
    limits.max_crypt_rounds = 5_000;
    limits.max_pbkdf2_iterations = 5_000;
    limits.max_memory_bytes = 1 << 20;
    limits.max_work = 1 << 18;
    limits.max_argon2_passes = 2;
    limits.max_argon2_lanes = 2;
    // A target these limits read back (the default's 19 MiB would be a configuration error).
    let target = Target::argon2id(256, 1, 1);
    Migrator::new(Registry::default(), Policy::new(target).with_limits(limits))
        .expect("valid policy")
        .with_rehash(false)
});

#[allow(dead_code)] // not every target uses it
pub static IDS: LazyLock<Vec<String>> =
    LazyLock::new(|| TIGHT.registry().schemes().map(|s| s.id().to_owned()).collect());
