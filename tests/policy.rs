//! What a policy promises: its target's hashes are read back within its limits and never
//! upgraded again, a password the target cannot store whole is never stored cut, hashes that
//! cost far more than the target are replaced, and an unknown user costs what a known one does.

use hashbridge::{Credential, Error, ErrorKind, Limits, Migrator, Policy, Registry, Target};

fn migrator(target: Target) -> Result<Migrator, Error> {
    Migrator::new(Registry::default(), Policy::new(target))
}

#[test]
fn a_target_its_own_limits_refuse_is_a_configuration_error() {
    for target in [
        Target::pbkdf2_sha256(5_000_001),
        Target::scrypt(0, 8, 1),
        Target::scrypt(40, 8, 1),
        Target::argon2id(1 << 20, 2, 1),
        Target::argon2id(262_144, 10, 1),
        Target::bcrypt(16),
        Target::bcrypt(3),
    ] {
        let e = migrator(target).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config, "{target:?}: {e}");
    }
    // Raising the limit that refused it makes the same target usable, and its hashes verify.
    let mut limits = Limits::DEFAULT;
    limits.max_pbkdf2_iterations = 6_000_000;
    let target = Target::pbkdf2_sha256(5_000_001);
    assert!(Migrator::new(Registry::default(), Policy::new(target).with_limits(limits)).is_ok());
}

#[test]
fn a_registry_that_cannot_read_the_target_is_a_configuration_error() {
    let md5 = || Registry::default().get_shared("md5_crypt").unwrap();
    let registry = Registry::empty().with(md5()).unwrap();
    let e = Migrator::new(registry, Policy::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Config, "{e}");
    // A duplicate id is a configuration error too, not a data problem.
    let e = Registry::empty()
        .with(md5())
        .unwrap()
        .with(md5())
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Config, "{e}");
}

#[test]
fn the_bcrypt_target_never_stores_a_truncated_password() {
    let m = migrator(Target::bcrypt(4)).unwrap();
    let long = vec![b'a'; 73];
    let with_nul = b"pass\0word".to_vec();
    for pw in [&long, &with_nul] {
        assert_eq!(m.hash(pw).unwrap_err().kind(), ErrorKind::Limit);
    }
    // 72 bytes are stored whole and verify without asking for another upgrade.
    let exact = vec![b'a'; 72];
    let h = m.hash(&exact).unwrap();
    let out = m.verify(&exact, &Credential::new(h.as_str())).unwrap();
    assert!(out.valid && !out.needs_upgrade, "{out:?}");
    // A bcrypt hash from elsewhere of a 73-byte password (the same key as 72 bytes): valid,
    // and no upgrade asked, since the target would cut it the same way.
    let out = m.verify(&long, &Credential::new(h.as_str())).unwrap();
    assert!(
        out.valid && !out.needs_upgrade && out.upgrade.is_none(),
        "{out:?}"
    );
    // A legacy hash of such a password (libxcrypt's md5-crypt of "pass", which C programs
    // wrote for "pass\0word"): valid, due for an upgrade the target cannot write whole.
    let md5 = Credential::new("$1$saltsalt$hZR.9zfJXcVTsa9iTxnQR1");
    let out = m.verify(b"pass\0word", &md5).unwrap();
    assert!(
        out.valid && out.needs_upgrade && out.upgrade.is_none(),
        "{out:?}"
    );
    let out = m.verify(b"pass", &md5).unwrap();
    assert!(out.valid && out.upgrade.is_some(), "{out:?}");
    // Under an argon2id target the truncating bcrypt hash is upgraded, once.
    let argon = Migrator::default();
    let out = argon.verify(&long, &Credential::new(h.as_str())).unwrap();
    assert!(out.valid && out.needs_upgrade);
    let again = argon
        .verify(&long, &Credential::new(out.upgrade.unwrap()))
        .unwrap();
    assert!(again.valid && !again.needs_upgrade);
}

#[test]
fn a_hash_far_above_the_target_cost_is_replaced() {
    let small = Target::argon2id(256, 1, 1);
    let big = Target::argon2id(2048, 1, 1);
    let planted = migrator(big).unwrap().hash(b"pw").unwrap();
    let m = migrator(small).unwrap();
    let out = m.verify(b"pw", &Credential::new(planted.as_str())).unwrap();
    assert!(out.valid && out.needs_upgrade, "{out:?}");
    assert!(out.upgrade.unwrap().contains("m=256,t=1,p=1"));
    // Within the factor it stays; without a factor every stronger hash stays.
    let near = Target::argon2id(1024, 1, 1);
    let near = migrator(near).unwrap().hash(b"pw").unwrap();
    assert!(
        !m.verify(b"pw", &Credential::new(near.as_str()))
            .unwrap()
            .needs_upgrade
    );
    let keep = Migrator::new(
        Registry::default(),
        Policy::new(small).with_max_cost_factor(None),
    )
    .unwrap();
    assert!(
        !keep
            .verify(b"pw", &Credential::new(planted.as_str()))
            .unwrap()
            .needs_upgrade
    );
}

#[test]
fn known_and_unknown_users_take_the_same_path() {
    let m = migrator(Target::argon2id(256, 1, 1)).unwrap();
    let known = Credential::new("$1$38652870$DUjsu4TTlTsOe/xxZ05uf/");
    let long = vec![b'x'; Limits::DEFAULT.max_password_bytes + 1];
    let for_known = m.verify_user(&long, Some(&known)).unwrap_err();
    let for_unknown = m.verify_user(&long, None).unwrap_err();
    assert_eq!(for_known, for_unknown);
    assert_eq!(m.dummy_verify(&long).unwrap_err(), for_known);
    let out = m.verify_user(b"hashcat", None).unwrap();
    assert!(!out.valid && out.upgrade.is_none());
    assert!(m.verify_user(b"hashcat", Some(&known)).unwrap().valid);
}
