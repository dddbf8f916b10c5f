//! Lazy migration at login: verify against the legacy hash, store the upgrade when there is one.
//!
//! Run with `cargo run --example login`.

use std::collections::HashMap;

use hashbridge::{Credential, Migrator, Policy, Target};

/// A stand-in for the user table of the new system.
struct Users {
    rows: HashMap<String, Credential>,
}

fn main() -> Result<(), hashbridge::Error> {
    let mut users = Users {
        rows: HashMap::new(),
    };
    // Imported as-is from the old system: an md5-crypt hash and a salted SHA-256 with its salt
    // column (which cannot be identified from the string, so the scheme is named).
    users.rows.insert(
        "alice".into(),
        Credential::new("$1$38652870$DUjsu4TTlTsOe/xxZ05uf/"),
    );
    users.rows.insert(
        "bob".into(),
        Credential::new("5bb7456f43e3610363f68ad6de82b8b96f3fc9ad24e9d1f1f8d8bd89638db7c0")
            .with_scheme("salted_sha256")
            .with_salt(b"12480864321".to_vec())
            .with_param("salt_position", "suffix"),
    );

    // Build once, share everywhere. Small argon2 parameters keep the example quick; production
    // uses Policy::default() (argon2id m=19456 KiB, t=2, p=1).
    let migrator = Migrator::new(
        hashbridge::Registry::default(),
        Policy::new(Target::argon2id(1024, 1, 1)),
    )?;

    for (user, password) in [
        ("alice", "hashcat"),
        ("bob", "hashcat"),
        ("bob", "wrong"),
        ("carol", "x"),
    ] {
        // `verify_user` does the dummy work itself when the user is unknown, so that "no such
        // user" and "wrong password" take the same time.
        let stored = users.rows.get(user).cloned();
        match migrator.verify_user(password.as_bytes(), stored.as_ref()) {
            Ok(out) if out.valid => {
                println!("{user}: welcome ({} hash)", out.scheme);
                if let Some(new_hash) = out.upgrade {
                    // Store atomically with the successful login.
                    println!("{user}: upgraded to {new_hash}");
                    users.rows.insert(user.into(), Credential::new(new_hash));
                }
            }
            Ok(_) if stored.is_none() => println!("{user}: no such user"),
            Ok(_) => println!("{user}: wrong password"),
            Err(e) => println!("{user}: cannot judge the stored hash: {e}"),
        }
    }
    Ok(())
}
