//! The per-verify budgets at the default limits: every stored cost a hostile export could plant,
//! each legal parameter by parameter, is refused with a `limit` error before any work, naming
//! the setting that raises it. (No timings here: a refused verify computes nothing, which the
//! error proves; `benches/` measure the verifies that run.)

use hashbridge::{Credential, Error, ErrorKind, Limits, Migrator, Policy, Registry, Target};

/// `n` bytes of zeros in standard base64 without padding.
fn zeros_b64(n: usize) -> String {
    "A".repeat((n * 4).div_ceil(3))
}

/// `n` bytes of zeros in padded standard base64.
fn zeros_b64_padded(n: usize) -> String {
    let mut s = zeros_b64(n);
    while !s.len().is_multiple_of(4) {
        s.push('=');
    }
    s
}

/// The `limit` error a default migrator gives for `cred` with `password`, as (scheme, knob).
fn refused(m: &Migrator, password: &[u8], cred: &Credential) -> (String, &'static str) {
    match m.verify(password, cred) {
        Err(Error::Limit { scheme, knob, .. }) => (scheme.into_owned(), knob),
        other => panic!("{:?}: expected a limit error, got {other:?}", cred.hash()),
    }
}

fn default() -> Migrator {
    Migrator::default().with_rehash(false)
}

#[test]
fn pbkdf2_iterations_times_output_blocks_times_digest_cost() {
    let m = default();
    let salt = zeros_b64(16);
    let cases = [
        // Each parameter within its own ceiling (5,000,000 iterations, 1024 bytes)...
        format!("$pbkdf2-sha1$i=5000000,l=1024${salt}${}", zeros_b64(1024)),
        format!("$pbkdf2-sha512$i=5000000,l=64${salt}${}", zeros_b64(64)),
        format!("$pbkdf2-sha256$i=5000000,l=1024${salt}${}", zeros_b64(1024)),
        // ...and at SHA-512, a single output block is already past the budget.
        format!("$pbkdf2-sha512$i=3000000,l=64${salt}${}", zeros_b64(64)),
    ];
    for hash in &cases {
        let (_, knob) = refused(&m, b"password", &Credential::new(hash.as_str()));
        assert_eq!(knob, "Limits::max_work", "{hash}");
    }
    // ASP.NET Identity v3: marker 0x01, PRF 2 (HMAC-SHA512), iterations, salt length, salt, subkey.
    let mut blob = vec![0x01];
    blob.extend_from_slice(&2u32.to_be_bytes());
    blob.extend_from_slice(&5_000_000u32.to_be_bytes());
    blob.extend_from_slice(&16u32.to_be_bytes());
    blob.extend_from_slice(&[7; 16]);
    blob.extend_from_slice(&[9; 64]);
    let aspnet = Credential::new(b64(&blob)).with_scheme("aspnet_identity_v3");
    assert_eq!(refused(&m, b"pw", &aspnet).1, "Limits::max_work");
    // Okta's password-import PBKDF2 at SHA-512.
    let okta = serde_json::json!({
        "algorithm": "PBKDF2", "digestAlgorithm": "SHA512_HMAC", "iterationCount": 5_000_000,
        "keySize": 64, "salt": zeros_b64_padded(16), "value": zeros_b64_padded(64),
    });
    let okta = Credential::new(okta.to_string()).with_scheme("okta_password_hash");
    assert_eq!(refused(&m, b"pw", &okta).1, "Limits::max_work");
    // Auth0's PBKDF2 over Whirlpool, within the iteration and length ceilings.
    let auth0 = serde_json::json!({
        "algorithm": "pbkdf2",
        "hash": {"value": format!("$pbkdf2-whirlpool$i=1000000,l=64${salt}${}", zeros_b64(64)),
                 "encoding": "utf8"},
    });
    let auth0 = Credential::new(auth0.to_string());
    assert_eq!(refused(&m, b"pw", &auth0).1, "Limits::max_work");
}

#[test]
fn memory_hard_families_at_one_gib() {
    let m = default();
    let salt = zeros_b64(16);
    let cases: Vec<Credential> = vec![
        Credential::new(format!("$scrypt$ln=20,r=8,p=8${salt}${}", zeros_b64(32))),
        Credential::new(format!("scrypt:1048576:8:8${salt}${}", "0".repeat(128))),
        Credential::new(format!(
            "scrypt$1048576${salt}$8$8${}",
            zeros_b64_padded(64)
        )),
        // libxcrypt's `$7$`: N = 2^20 ('I'), r = 8, p = 1.
        Credential::new(
            "$7$I6..../....XOPXwYWEux0QcHvmbUgau1$SiYlvyccL/62ACXC3dtClPMg4ZpQiyyXcy7elPicvs2",
        ),
        // yescrypt N = 2^18, r = 32: 1 GiB.
        Credential::new(
            "$y$jFT$lapYqJ.h/LOFwaioMYmuS/$PJLnyZM7h04UlLTxmIZOXhNZofL2JInkCchX4xq9bp2",
        ),
        Credential::new(format!(
            "$argon2id$v=19$m=1048576,t=4,p=1${salt}${}",
            zeros_b64(32)
        )),
        // Spring's `{scrypt}`: N = 2^17, r = 8 is 128 MiB, within memory; p = 64 lanes of work.
        Credential::new(format!(
            "{{scrypt}}$110840${}${}",
            zeros_b64_padded(16),
            zeros_b64_padded(32)
        )),
    ];
    for cred in &cases {
        let (_, knob) = refused(&m, b"password", cred);
        assert!(
            knob == "Limits::max_memory_bytes" || knob == "Limits::max_work",
            "{:?}: {knob}",
            cred.hash()
        );
    }
}

#[test]
fn rounds_families_at_their_maximum_with_the_longest_password() {
    let m = default();
    let longest = vec![b'x'; Limits::DEFAULT.max_password_bytes];
    let cases = [
        "$6$rounds=10000000$ETiDG3o2HfYKeFXd$RxaKYKxEG.KYfPGGDjZmGYXbwWazEJ58CbCzVP3JiNtmBXwEIu2JiapFd7lwFgHIjMfilrKklFXkzfUcijPSH1",
        "$5$rounds=10000000$BdvpdU8x84gra9FC$yUlYcXkxKowW9KOJUrTfrVxC6YD5iA2E/AlAjMl47q2",
        "$md5,rounds=9995904$OgSlhARS$$ONbu7mjnT4s2Jl6Ts7Jmf1",
        // sha1-crypt's own maximum (2^32 - 1): 10,000,000 rounds of it are 1.3 s, within budget.
        "$sha1$4294967295$k9YeEdN6qSMsz2SWy/NE$8KSE8O3vUGnSF/oF20zdWAPq/J0U",
        // Drupal at 2^23 rounds ('L'), phpass at 2^20 ('I'): every round hashes the password.
        "$S$L20340258nzjDWpoQthrdNTR02f0pmev0K/5/Nx80WSkOQcPEQRh",
        "$P$IinZUEPSM4FJUMBU7ARYv96qEyvbjf0",
        // BSDi at 2^24 - 1 DES rounds; bcrypt at cost 16.
        "_zzzzR3VBZeF96Z2Q74c",
        "$2b$16$//7XAyc.fuVviUM2N0EmLO6/FdLIfpSUY9iM3A5oPGKD4cvQhDtHi",
    ];
    for hash in cases {
        let (_, knob) = refused(&m, &longest, &Credential::new(hash));
        assert!(
            knob == "Limits::max_work" || knob == "Limits::max_crypt_rounds",
            "{hash}: {knob}"
        );
    }
    // The same sha512-crypt at glibc's default 5000 rounds runs for that password.
    let five_thousand = Credential::new(
        "$6$ETiDG3o2HfYKeFXd$RxaKYKxEG.KYfPGGDjZmGYXbwWazEJ58CbCzVP3JiNtmBXwEIu2JiapFd7lwFgHIjMfilrKklFXkzfUcijPSH1",
    );
    assert!(!m.verify(&longest, &five_thousand).unwrap().valid);
}

/// A migrator whose budget lets one reading of `cred` run and not two.
fn budget_between_one_and_two_readings(units: u64) -> Migrator {
    let mut limits = Limits::DEFAULT;
    limits.max_work = units;
    let target = Target::pbkdf2_sha256(1000);
    Migrator::new(Registry::default(), Policy::new(target).with_limits(limits))
        .expect("pbkdf2 at 1000 iterations fits")
        .with_rehash(false)
}

#[test]
fn a_nul_in_the_password_doubles_the_charge() {
    // bcrypt at cost 6 is (2^6 + 1) * 860 units; 1.5 times that lets one reading in.
    let m = budget_between_one_and_two_readings(65 * 860 * 3 / 2);
    let bcrypt = Credential::new("$2b$06$//7XAyc.fuVviUM2N0EmLO6/FdLIfpSUY9iM3A5oPGKD4cvQhDtHi");
    assert!(!m.verify(b"password", &bcrypt).unwrap().valid);
    let e = m.verify(b"pass\0word", &bcrypt).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Limit);
    assert!(e.to_string().contains("Limits::max_work"), "{e}");

    // SunMD5 at its 4096 base rounds: 26 units a round.
    let m = budget_between_one_and_two_readings(4096 * 26 * 3 / 2);
    let sun = Credential::new("$md5$OgSlhARS$$ONbu7mjnT4s2Jl6Ts7Jmf1");
    assert!(!m.verify(b"password", &sun).unwrap().valid);
    assert_eq!(
        m.verify(b"pass\0word", &sun).unwrap_err().kind(),
        ErrorKind::Limit
    );
}

#[test]
fn limit_errors_name_the_setting_that_raises_them() {
    let e = default()
        .verify(
            b"pw",
            &Credential::new("$2b$16$//7XAyc.fuVviUM2N0EmLO6/FdLIfpSUY9iM3A5oPGKD4cvQhDtHi"),
        )
        .unwrap_err();
    assert!(e.to_string().ends_with("(raise Limits::max_work)"), "{e}");
}

/// The long tail of stored formats: each stored cost past its ceiling is refused before any
/// work, naming the setting that raises it.
#[test]
fn formats3_tail_costs_are_bounded() {
    let m = default();
    let longest = vec![b'x'; Limits::DEFAULT.max_password_bytes];
    let digest = "0".repeat(128);
    let cases: Vec<(Credential, &[u8], &str)> = vec![
        // QNX 6: one digest over the password repeated; a long password at many rounds.
        (
            Credential::new(format!("@S,200000@{digest}@abcd1234abcd1234")),
            &longest,
            "Limits::max_work",
        ),
        (
            Credential::new(format!("@m,20000000@{}@abcd1234abcd1234", &digest[..32])),
            b"pw",
            "Limits::max_crypt_rounds",
        ),
        // QNX 7, MongoDB, Kerberos, web2py: PBKDF2 iterations.
        (
            Credential::new(format!("@S,6000000@{}@QUJDRA==", zeros_b64_padded(64))),
            b"pw",
            "Limits::max_pbkdf2_iterations",
        ),
        (
            Credential::new(
                serde_json::json!({"SCRAM-SHA-256": {"iterationCount": 6_000_000,
                    "salt": zeros_b64_padded(28), "storedKey": zeros_b64_padded(32),
                    "serverKey": zeros_b64_padded(32)}})
                .to_string(),
            ),
            b"pw",
            "Limits::max_pbkdf2_iterations",
        ),
        (
            Credential::new("0".repeat(64))
                .with_scheme("kerberos_aes256")
                .with_salt(b"EXAMPLE.COMalice".to_vec())
                .with_param("iterations", "4294967295"),
            b"pw",
            "Limits::max_pbkdf2_iterations",
        ),
        (
            Credential::new(format!(
                "pbkdf2(4000000,1000,sha512)$s${}",
                "00".repeat(1000)
            )),
            b"pw",
            "Limits::max_work",
        ),
        // Rails stretches and Oracle OTM iterations: iterated digests.
        (
            Credential::new("0".repeat(40))
                .with_scheme("rails_restful_auth")
                .with_salt(b"s".to_vec())
                .with_param("site_key", "k")
                .with_param("stretches", "20000000"),
            b"pw",
            "Limits::max_crypt_rounds",
        ),
        (
            Credential::new(format!("otm_sha256:20000000:s:{}", zeros_b64_padded(32))),
            b"pw",
            "Limits::max_crypt_rounds",
        ),
        // WoltLab: two bcrypt runs at cost 15 are past the budget one would fit.
        (
            Credential::new("$2a$15$hashcatohohohohohohohegk6PN.SFkoXxDIkacAGKFN9AF8nx.Hi")
                .with_scheme("woltlab_double_bcrypt"),
            b"pw",
            "Limits::max_work",
        ),
    ];
    for (cred, pw, want) in &cases {
        let (_, knob) = refused(&m, pw, cred);
        assert_eq!(knob, *want, "{:?}", cred.hash().get(..40));
    }
}

/// Domino 8.5's `(H...)` value stores its PBKDF2 iteration count as 10 decimal digits inside the
/// encoded string: the largest it can carry is refused before the R6 digest or any PBKDF2 round.
#[test]
fn lotus_domino8_stored_iterations_are_bounded() {
    let m = default();
    // hashcat 9100's self-test "(HsjFebq0Kh9kH7aAZYc7kY30mC30mC3KmC30mCluagXrvWKj1)" (5000
    // iterations, "0000005000") with the digits re-encoded as "9999999999".
    let huge = "(HsjFebq0Kh9kH7aAZYc7kY3avEJavEJavEJamCluagXrvWKj1)";
    for cred in [
        Credential::new(huge),
        Credential::new(huge).with_scheme("lotus_domino8"),
    ] {
        let (scheme, knob) = refused(&m, b"hashcat", &cred);
        assert_eq!(scheme, "lotus_domino8");
        assert_eq!(knob, "Limits::max_pbkdf2_iterations");
    }
    // Identified from the string alone; inspecting it (what `identify` reports) is refused the
    // same way.
    let cred = Credential::new(huge);
    let scheme = m.identify(&cred).expect("the (H marker identifies it");
    assert_eq!(scheme.id(), "lotus_domino8");
    let e = m.inspect(scheme, &cred).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Limit);
    // The self-test itself, at its stored 5000 iterations, runs.
    let st = Credential::new("(HsjFebq0Kh9kH7aAZYc7kY30mC30mC3KmC30mCluagXrvWKj1)");
    assert!(m.verify(b"hashcat", &st).unwrap().valid);
}

/// Standard base64 with padding, for the binary ASP.NET blob.
fn b64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
