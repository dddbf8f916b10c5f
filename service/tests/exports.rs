//! Every real-producer export of `tests/data/exports`, on both stores: imported (and imported
//! again, changing nothing), each user logged in over HTTP through `/v1/verify` or the Okta
//! hook, counted as migrated in `/metrics`; wrong passwords and unknown users answered alike.

mod common;

use std::collections::BTreeMap;

use common::*;
use hashbridge::Migrator;
use hashbridge::toolkit::export::Format;

#[test]
fn every_export_with_a_password_sidecar_is_imported() {
    let mut listed: Vec<String> = exports().iter().map(|(_, f, _)| (*f).to_owned()).collect();
    listed.sort();
    assert_eq!(listed, exports_with_sidecars());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_migrate_through_verify_and_the_okta_hook() {
    for engine in engines() {
        for (format, file, options) in exports() {
            let ts = TestStore::new(engine).await;
            let first = import(&ts.store, format, file, options.clone()).await;
            assert!(first.written > 0, "{engine:?} {file}: {first:?}");
            assert_eq!(first.rejected, 0, "{engine:?} {file}: {first:?}");
            let again = import(&ts.store, format, file, options).await;
            assert_eq!(
                again.written, 0,
                "{engine:?} {file}: re-import wrote {again:?}"
            );
            assert_eq!(again.unchanged, first.written, "{engine:?} {file}");

            let svc = start(ts.reopen().await, config()).await;
            let m = Migrator::default().with_rehash(false);
            let mut migrated_by_scheme: BTreeMap<String, u64> = BTreeMap::new();
            let users = sidecar(file);
            let mut unknown_asked = 0u32;
            let mut with_email = 0u32;
            for (i, (user, password)) in users.iter().enumerate() {
                let account = ts
                    .store
                    .find(user)
                    .await
                    .expect("find")
                    .unwrap_or_else(|| panic!("{file}: {user} not imported"));
                // An account is found by its e-mail address too.
                if let Some(email) = &account.email {
                    let by_email = ts.store.find(&email.to_uppercase()).await.expect("find");
                    assert_eq!(by_email.map(|a| a.id), Some(account.id), "{file}: {email}");
                    with_email += 1;
                }
                // What the library says of this credential is what the service must answer.
                let expect = m.verify(
                    password.as_bytes(),
                    &account.credential.credential().expect("hash"),
                );
                let locked = account.state == hashbridge_service::account::State::Locked;
                let via_okta = i % 2 == 1;
                let a = if via_okta {
                    svc.okta(user, password).await
                } else {
                    svc.verify(user, password).await
                };
                match (&expect, locked, via_okta) {
                    (Ok(o), false, false) if o.valid => {
                        assert_eq!(a.status, 200, "{file} {user}: {a:?}");
                        assert_eq!(a.body["valid"], true, "{file} {user}: {a:?}");
                        assert_eq!(a.body["scheme"], o.scheme.as_str());
                        assert_eq!(a.body["profile"]["username"], user.as_str());
                        assert_eq!(a.body["profile"]["source"], format.name());
                        // The export's own profile fields come along (the source's user id
                        // where the format has one).
                        if matches!(format, Format::Firebase | Format::Keycloak | Format::Django) {
                            assert!(a.body["profile"]["id"].is_string(), "{file} {user}: {a:?}");
                        }
                    }
                    (Ok(o), false, true) if o.valid => {
                        assert_eq!(a.status, 200, "{file} {user}: {a:?}");
                        assert_eq!(
                            a.body["commands"][0]["value"]["credential"], "VERIFIED",
                            "{file} {user}: {a:?}"
                        );
                        assert_eq!(a.body["commands"][0]["type"], "com.okta.action.update");
                    }
                    (Ok(o), true, false) if o.valid => {
                        assert_eq!(a.body["valid"], false, "{file} {user}: locked: {a:?}");
                        assert_eq!(a.body["locked"], true, "{file} {user}: {a:?}");
                    }
                    (Ok(o), true, true) if o.valid => {
                        assert_eq!(a.body["commands"][0]["value"]["credential"], "UNVERIFIED");
                    }
                    (Ok(_), _, _) => panic!("{file} {user}: the sidecar password does not verify"),
                    (Err(e), _, false) => {
                        assert_eq!(a.status, 422, "{file} {user}: {a:?}");
                        assert_eq!(a.body["error"]["kind"], e.kind().as_str());
                    }
                    (Err(_), _, true) => {
                        assert_eq!(a.body["commands"][0]["value"]["credential"], "UNVERIFIED");
                    }
                }
                if matches!(&expect, Ok(o) if o.valid) && !locked {
                    *migrated_by_scheme
                        .entry(account.scheme.clone())
                        .or_default() += 1;
                    let after = ts.store.find(user).await.expect("find").expect("account");
                    assert_eq!(after.state, hashbridge_service::account::State::Migrated);
                }
                // A wrong password and an unknown user get the same answer (a credential that
                // cannot be judged is a 422 whatever the password, checked above).
                if expect.is_err() {
                    continue;
                }
                let wrong = svc.verify(user, &format!("wrong-{password}")).await;
                let unknown = svc
                    .verify(&format!("no-such-{i}@example.com"), password)
                    .await;
                unknown_asked += 1;
                assert_eq!(wrong.status, 200, "{file} {user}: {wrong:?}");
                assert_eq!(
                    (wrong.status, &wrong.body),
                    (unknown.status, &unknown.body),
                    "{file} {user}"
                );
                assert_eq!(
                    wrong.body,
                    serde_json::json!({"valid": false, "scheme": null, "profile": null})
                );
            }
            assert!(!migrated_by_scheme.is_empty(), "{file}: nobody migrated");
            // The exports that carry addresses: every user there is found by it.
            if matches!(
                format,
                Format::Firebase | Format::Keycloak | Format::Auth0 | Format::Django
            ) {
                assert!(with_email > 0, "{file}: no account has an e-mail address");
            }
            let metrics = svc.metrics().await;
            for (scheme, n) in &migrated_by_scheme {
                let got = sample(
                    &metrics,
                    &format!("hashbridge_accounts{{scheme=\"{scheme}\",state=\"migrated\"}}"),
                );
                assert_eq!(got, *n as f64, "{engine:?} {file} {scheme}\n{metrics}");
                let valid = sample(
                    &metrics,
                    &format!("hashbridge_verifies_total{{scheme=\"{scheme}\",result=\"valid\"}}"),
                );
                assert!(valid >= *n as f64, "{file} {scheme}: {valid}");
            }
            let migrations = sample(&metrics, "hashbridge_migrations_total");
            assert_eq!(
                migrations,
                migrated_by_scheme.values().sum::<u64>() as f64,
                "{file}"
            );
            assert!(
                sample(
                    &metrics,
                    "hashbridge_verifies_total{scheme=\"argon2\",result=\"unknown_user\"}"
                ) >= f64::from(unknown_asked),
                "{file}: unknown users are verified against the target's dummy hash\n{metrics}"
            );
            svc.stop().await;
            ts.drop_all().await;
        }
    }
}
