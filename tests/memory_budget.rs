//! The memory budget a migrator shares among its memory-hard hashes in flight: reservations are
//! returned whatever happens, a request larger than the budget fails at once naming the setting
//! that raises it, a full budget makes hashes wait (bounded) and then fail as `unavailable`, and
//! no allocation failure is ever reported as a malformed hash or aborts. No timings: waiting is
//! observed through the budget's own gauge, and a wait that runs out through its error.

use std::sync::Arc;
use std::time::Duration;

use hashbridge::{
    Credential, Error, ErrorKind, Limits, Match, MemoryBudget, Migrator, Policy, Registry, Result,
    Scheme, Target,
};

/// argon2-cffi 25.1.0, argon2id v=19, m=64 KiB, t=1, p=1, password "密码" (the same vector as
/// in `src/schemes/phc/argon2.rs`).
const ARGON2_64K: &str = "$argon2id$v=19$m=64,t=1,p=1$jbdHSLAphIAaz+DiMcWJCA$OCRW8HTDwdcwRTiXZ/K0lg4yiScj9kAgV649ARKVLKI";
const PASSWORD: &str = "密码";
/// What one verify of [`ARGON2_64K`] reserves: its 64 blocks of 1 KiB.
const ARGON2_64K_BYTES: u64 = 64 << 10;

/// A test scheme, `$hog$<bytes>$<ok|err|panic>`: reserves `bytes` from the budget of the call
/// (as a custom memory-hard scheme would), then answers, fails or panics while holding them.
#[derive(Debug)]
struct Hog;

impl Scheme for Hog {
    fn id(&self) -> &str {
        "hog"
    }

    fn prefixes(&self) -> &[&'static str] {
        &["$hog$"]
    }

    fn identify(&self, hash: &str) -> Match {
        Match::exact_if(hash.starts_with("$hog$"))
    }

    fn verify(&self, _password: &[u8], cred: &Credential, _limits: &Limits) -> Result<bool> {
        let mut parts = cred.hash()["$hog$".len()..].split('$');
        let bytes = parts
            .next()
            .and_then(|b| b.parse().ok())
            .ok_or_else(|| Error::malformed("hog", "bytes", "not a number"))?;
        let _held = hashbridge::memory::reserve("hog", bytes)?;
        match parts.next() {
            Some("ok") => Ok(true),
            Some("panic") => panic!("hog panics while holding {bytes} bytes"),
            _ => Err(Error::malformed("hog", "action", "fails while holding")),
        }
    }
}

/// Upgrades to argon2id at 64 KiB (so that small budgets are valid), no rehash, `budget` bytes
/// waiting up to `wait`, with [`Hog`] registered.
fn migrator(budget: u64, wait: Duration) -> Migrator {
    let registry = Registry::default()
        .with(Arc::new(Hog))
        .expect("hog is a new id");
    let target = Target::argon2id(64, 1, 1);
    Migrator::new(registry, Policy::new(target))
        .expect("valid policy")
        .with_rehash(false)
        .with_memory_budget(budget)
        .expect("the budget holds one target hash")
        .with_memory_wait(wait)
}

fn verify(m: &Migrator, hash: &str) -> Result<bool> {
    m.verify(PASSWORD.as_bytes(), &Credential::new(hash))
        .map(|o| o.valid)
}

#[test]
fn defaults() {
    let m = Migrator::default();
    assert_eq!(
        m.memory_budget().total(),
        4 * Limits::DEFAULT.max_memory_bytes
    );
    assert_eq!(m.memory_budget().total(), MemoryBudget::DEFAULT_BYTES);
    assert_eq!(m.memory_budget().wait(), MemoryBudget::DEFAULT_WAIT);
    // Clones share the pool; a new budget is a new pool.
    let clone = m.clone();
    assert!(clone.memory_budget().shares_with(m.memory_budget()));
    let other = m.clone().with_memory_budget(64 << 20).unwrap();
    assert!(!other.memory_budget().shares_with(m.memory_budget()));
    // A budget that cannot hold one hash of the target (argon2id at 19 MiB) is refused.
    let e = Migrator::default().with_memory_budget(1 << 20).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Config);
}

#[test]
fn reservation_is_returned_on_success_error_and_panic() {
    let m = migrator(1 << 20, Duration::ZERO);
    assert!(verify(&m, ARGON2_64K).unwrap());
    assert_eq!(m.memory_budget().in_use(), 0);
    assert!(verify(&m, "$hog$4096$ok").unwrap());
    assert_eq!(m.memory_budget().in_use(), 0);
    assert_eq!(
        verify(&m, "$hog$4096$err").unwrap_err().kind(),
        ErrorKind::Malformed
    );
    assert_eq!(m.memory_budget().in_use(), 0);
    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        verify(&m, "$hog$4096$panic")
    }));
    assert!(panicked.is_err());
    assert_eq!(m.memory_budget().in_use(), 0);
    // The whole budget is still there for the next verify on this thread.
    assert!(verify(&m, &format!("$hog${}$ok", 1 << 20)).unwrap());
    assert!(verify(&m, ARGON2_64K).unwrap());
}

#[test]
fn a_request_over_the_whole_budget_fails_at_once() {
    // An endless wait: a request that could never fit must not wait at all.
    let m = migrator(1 << 20, Duration::MAX);
    let too_big = [
        // argon2 at 4 MiB and scrypt at 16 MiB, within the per-verify limits (no work is done,
        // so the digests need not be right).
        "$argon2id$v=19$m=4096,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$SRpX2MBRBgtiJR1haBM8OIHR+CyDYnFt5H5bz6+iB9w",
        "$scrypt$ln=14,r=8,p=1$c2FsdHNhbHQ$zwBJXaflvo6rH7z1SKUwDyxZKxWnuV2Pkl+77RzqiwI",
        "$7$CU..../....E2/RbYuDA7Cbk4FvtrUyl.$Utf/j4dBRbLDTd8.pRP2c2P7xmTDIoTM8mdO2SKH2P7",
        "$hog$1048577$ok",
    ];
    for h in too_big {
        match verify(&m, h) {
            Err(Error::Limit {
                knob, value, limit, ..
            }) => {
                assert_eq!(knob, "Migrator::with_memory_budget", "{h}");
                assert!(value > limit && limit == 1 << 20, "{h}");
            }
            other => panic!("{h}: {other:?}"),
        }
    }
    assert_eq!(m.memory_budget().in_use(), 0);
}

#[test]
fn verifies_past_the_budget_wait_their_turn_then_succeed() {
    // Room for two 64 KiB argon2 verifies at a time; four run on clones of the migrator.
    let m = migrator(2 * ARGON2_64K_BYTES, Duration::MAX);
    let hold = m
        .memory_budget()
        .reserve("test", 2 * ARGON2_64K_BYTES)
        .unwrap();
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..4)
            .map(|_| {
                let m = m.clone();
                s.spawn(move || verify(&m, ARGON2_64K))
            })
            .collect();
        // All four are waiting for memory before any is given some.
        while m.memory_budget().waiting() < 4 {
            std::thread::yield_now();
        }
        drop(hold);
        for w in workers {
            assert!(w.join().unwrap().unwrap());
        }
    });
    assert_eq!(m.memory_budget().in_use(), 0);
    assert_eq!(m.memory_budget().waiting(), 0);
}

#[test]
fn the_wait_is_bounded() {
    let m = migrator(ARGON2_64K_BYTES, Duration::from_millis(20));
    let _hold = m.memory_budget().reserve("test", 1).unwrap();
    let e = verify(&m, ARGON2_64K).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unavailable);
    let text = e.to_string();
    assert!(
        text.contains("Migrator::with_memory_budget")
            && text.contains("Migrator::with_memory_wait"),
        "{text}"
    );
    assert_eq!(m.memory_budget().waiting(), 0);
    assert_eq!(m.memory_budget().in_use(), 1);
}

#[test]
fn hashing_and_dummy_verifies_reserve_too() {
    let m = migrator(ARGON2_64K_BYTES, Duration::ZERO);
    assert!(m.hash(b"pw").is_ok());
    assert!(!m.dummy_verify(b"pw").unwrap());
    let _hold = m.memory_budget().reserve("test", 1).unwrap();
    assert_eq!(m.hash(b"pw").unwrap_err().kind(), ErrorKind::Unavailable);
    assert_eq!(
        m.dummy_verify(b"pw").unwrap_err().kind(),
        ErrorKind::Unavailable
    );
}

#[test]
fn argon2_memory_that_cannot_be_had_is_unavailable_not_malformed() {
    // The budget is full: the verify cannot get its memory.
    let m = migrator(ARGON2_64K_BYTES, Duration::ZERO);
    let hold = m.memory_budget().reserve("test", 1).unwrap();
    assert_eq!(
        verify(&m, ARGON2_64K).unwrap_err().kind(),
        ErrorKind::Unavailable
    );
    // A scheme called directly inside the budget's scope draws on it as well; outside any
    // scope, on the process default budget.
    let cred = Credential::new(ARGON2_64K);
    let argon2 = Registry::default().get_shared("argon2").unwrap();
    let direct = || argon2.verify(PASSWORD.as_bytes(), &cred, &Limits::DEFAULT);
    assert_eq!(
        m.memory_budget().scope(direct).unwrap_err().kind(),
        ErrorKind::Unavailable
    );
    assert!(direct().unwrap());
    drop(hold);
    assert!(m.memory_budget().scope(direct).unwrap());
}

/// Whether the kernel refuses an allocation larger than its memory and swap outright (Linux
/// overcommit modes 0 and 2) rather than granting it lazily (mode 1, where touching it would
/// bring the OOM killer instead).
fn refuses_obvious_overcommit() -> bool {
    std::fs::read_to_string("/proc/sys/vm/overcommit_memory")
        .is_ok_and(|mode| matches!(mode.trim(), "0" | "2"))
}

#[test]
fn an_allocation_the_system_refuses_is_unavailable() {
    if !refuses_obvious_overcommit() {
        eprintln!("skipped: the kernel does not refuse obvious overcommits");
        return;
    }
    // Limits and budget out of the way: 4 TiB of argon2 blocks, 512 TiB of scrypt array.
    let mut limits = Limits::DEFAULT;
    limits.max_memory_bytes = u64::MAX;
    limits.max_work = u64::MAX;
    let m = Migrator::new(Registry::default(), Policy::default().with_limits(limits))
        .unwrap()
        .with_rehash(false)
        .with_memory_budget(u64::MAX)
        .unwrap();
    for h in [
        "$argon2id$v=19$m=4294967295,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$SRpX2MBRBgtiJR1haBM8OIHR+CyDYnFt5H5bz6+iB9w",
        "$scrypt$ln=32,r=1024,p=1$c2FsdHNhbHQ$zwBJXaflvo6rH7z1SKUwDyxZKxWnuV2Pkl+77RzqiwI",
    ] {
        let e = verify(&m, h).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unavailable, "{h}: {e}");
        assert!(e.to_string().contains("allocator refused"), "{e}");
    }
    assert_eq!(m.memory_budget().in_use(), 0);
}
