//! The README's scheme table and the registry agree.

use std::collections::BTreeSet;

#[test]
fn readme_lists_every_registered_scheme() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let start = readme
        .find("## Supported schemes")
        .expect("a scheme section");
    let end = readme[start..]
        .find("\n## ")
        .map_or(readme.len(), |i| start + i);
    let documented: BTreeSet<String> = readme[start..end]
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" |").next())
        .map(str::trim)
        .filter(|id| {
            !id.is_empty()
                && *id != "id"
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
        .map(str::to_owned)
        .collect();
    let registered: BTreeSet<String> = hashbridge::Registry::default()
        .schemes()
        .map(|s| s.id().to_owned())
        .collect();
    let undocumented: Vec<_> = registered.difference(&documented).collect();
    let unknown: Vec<_> = documented.difference(&registered).collect();
    assert!(
        undocumented.is_empty(),
        "registered but not in the README: {undocumented:?}"
    );
    assert!(
        unknown.is_empty(),
        "in the README but not registered: {unknown:?}"
    );
}

/// The hashcat modes the README's coverage paragraph says are read once the caller re-encodes
/// the stored value: each module's self-test (`ST_HASH` of `src/modules/module_NNNNN.c`, password
/// "hashcat"), re-encoded as the paragraph says, verifies; the paragraph names every one.
#[test]
fn readme_re_encoded_hashcat_modes_verify() {
    use hashbridge::Credential;

    let unhex = |s: &str| -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
            .collect()
    };
    // A generic salted digest: the salt split off the front of the stored value.
    let salted = |scheme: &str, digest: &str, salt: Vec<u8>, position: &str| {
        Credential::new(digest)
            .with_scheme(scheme)
            .with_salt(salt)
            .with_param("salt_position", position)
    };
    let servu = "00e983672a03adcc9767b24584338eb378";
    let macos4 = "86586886b8bd3c379d2e176243a7225e6aae969d293fe9a9";
    let aruba = "83377286015bcebb857b23b94331e2b316b6ecbe9fbf26c4fc";
    let hmail = "8fe7ca27a17adc337cd892b1d959b4e487b8f0ef09e32214f44fb1b07e461c532e9ec3";
    let macos7 = "07543781b07e905f6f947db8ae305c248b9e12f509b41097e852e2f450e824790e677ea7397b8a9a552b1c19ecf6a6e1dd3844fa5ee5db23976962859676f7d2fb85ca94";
    let phps = "$PHPS$30353031383437363132$f02b0b2f25e5754edb04522c346ba243";
    let (phps_salt, phps_hash) = phps["$PHPS$".len()..].split_once('$').expect("salt$hash");
    let cases: Vec<(u32, Credential)> = vec![
        (
            23,
            salted(
                "salted_md5",
                "d04d74780881019341915c70d914db29",
                b"0675841\nskyper\n".to_vec(),
                "prefix",
            ),
        ),
        (
            24,
            Credential::new(format!("{}:{}", &servu[2..], &servu[..2])),
        ),
        (
            122,
            salted("salted_sha1", &macos4[8..], unhex(&macos4[..8]), "prefix"),
        ),
        (
            125,
            salted("salted_sha1", &aruba[10..], unhex(&aruba[..10]), "prefix"),
        ),
        (
            1421,
            salted(
                "salted_sha256",
                &hmail[6..],
                hmail.as_bytes()[..6].to_vec(),
                "prefix",
            ),
        ),
        (
            1722,
            salted("salted_sha512", &macos7[8..], unhex(&macos7[..8]), "prefix"),
        ),
        (
            2612,
            Credential::new(phps_hash)
                .with_scheme("vbulletin")
                .with_salt(unhex(phps_salt)),
        ),
        // $ml$1024$2484...6482$89a3...f958, the salt and digest in passlib's adapted base64.
        (
            7100,
            Credential::new(
                "$pbkdf2-sha512$1024$JIQ4BzETITFiRQYnFGcWISNXYHcASHgSQ2UgODdwZII$iaOpee4YbAyDfKRVHzLpUeZWTHrGeYqjW69EJ/v2vR1jBkLBLP1cI2x7AQR4IjfbleiV98Djcs2B1Y8ESNr5WA",
            ),
        ),
        (
            15000,
            salted(
                "salted_sha512",
                "bfa9fe5a404faff8b0d200385e26b783a163e475869336029d3ebaccaf02b5f16e4949279e8a33b942ab647f8f19a83dbe89a6d39dd6d8f84812de7d2e556767",
                b"6422386434050716105781561510557063652302782465168686858312232148".to_vec(),
                "suffix",
            ),
        ),
    ];
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let start = readme.find("Read after re-encoding:").expect("the list");
    let listed = &readme[start..start + readme[start..].find("Not read:").expect("its end")];
    let m = hashbridge::Migrator::default().with_rehash(false);
    for (mode, cred) in &cases {
        assert!(listed.contains(&format!(" {mode} (")), "{mode} not named");
        assert!(
            m.verify(b"hashcat", cred).expect("verifies").valid,
            "{mode}"
        );
        assert!(
            !m.verify(b"hashcaT", cred).expect("verifies").valid,
            "{mode}"
        );
    }
    assert_eq!(listed.matches(" (").count(), cases.len(), "{listed}");
}
