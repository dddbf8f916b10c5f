//! Windows password hashes: the NT and LM hashes of the SAM / NTDS.dit, and the domain cached
//! credentials (MS-Cache v1 and v2) of `HKLM\SECURITY\Cache`.
//!
//! All four are stored as 32 hex digits with no marker, so a bare string is only ever a shape:
//! without a scheme hint identification reports the candidates (these and the hex digests of
//! other families) as ambiguous. MS-Cache v2 also has a marked form, the one impacket's
//! secretsdump and hashcat (mode 2100) print: `$DCC2$<iterations>#<user>#<hash>`, which
//! identifies itself and carries its own context.
//!
//! * **nthash**: MD4 of the UTF-16LE password. Unsalted, one MD4 per guess, and usable as the
//!   password itself in pass-the-hash.
//! * **lmhash**: the password upper-cased, encoded in the OEM code page (we use code page 437 as
//!   passlib does; bytes that are not UTF-8 are taken as already encoded and upper-cased in ASCII),
//!   cut or NUL-padded to 14 bytes, and each 7-byte half used as a DES key to encrypt `KGS!@#$%`.
//!   Case-insensitive and truncated at 14 characters, so [`Scheme::truncates`] reports passwords
//!   longer than 14 or with letters that upper-casing changes. The weakest hash still found in the
//!   wild. passlib, given the password as bytes rather than text, hashes UTF-8 bytes as they
//!   are (ASCII upper-casing only), so a non-ASCII UTF-8 password is also tried that way; that
//!   is also the only reading for characters code page 437 cannot hold.
//! * **msdcc** (MS-Cache v1, Windows 2000–2003): MD4(NT hash || UTF-16LE(lower-cased user name)).
//! * **msdcc2** (MS-Cache v2, Vista+): PBKDF2-HMAC-SHA1 of the msdcc hash, salted with the same
//!   lower-cased UTF-16LE user name, 16 bytes. Windows uses 10240 iterations unless the
//!   `NL$IterationCount` policy changes it; the `$DCC2$` form states the count it was made with,
//!   and a bare hash takes it from `params.iterations`. Either count goes through
//!   [`Limits::pbkdf2_iterations`] before any work.
//!
//! The bare cached-credential hashes need the (account, not domain) user name from the caller.
//! The `$DCC2$` form carries it between the count and the hash (it may itself hold `#`, so the
//! hash is what follows the last one, as hashcat and John the Ripper read it); that name is the
//! salt the hash was made with, so it is used rather than the credential's user name, which an
//! export may spell as `DOMAIN\user`. Likewise the form's own count wins over
//! `params.iterations`, as a count in the string does for the other PBKDF2 formats.
//! Passwords are text to Windows: bytes that are not UTF-8 never match the Unicode forms.

use zeroize::Zeroizing;

use crate::credential::Credential;
use crate::encoding::{hex, utf16};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::primitives::{Algorithm, ct_eq, des, number, pbkdf2};
use crate::scheme::{Match, Scheme};

/// Code page 437, bytes 0x80..=0xFF (0x00..=0x7F are ASCII).
const CP437_HIGH: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»\
    ░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{a0}";

/// The LM key material: the upper-cased password in code page 437, cut to 14 bytes. `None` when
/// one of the first 14 characters has no code page 437 form.
fn lm_key_bytes(password: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let mut out = Zeroizing::new(Vec::with_capacity(14));
    match std::str::from_utf8(password) {
        Ok(text) => {
            let upper = Zeroizing::new(text.to_uppercase());
            for c in upper.chars().take(14) {
                let byte = if c.is_ascii() {
                    u8::try_from(c).ok()?
                } else {
                    let i = CP437_HIGH.chars().position(|h| h == c)?;
                    0x80 + u8::try_from(i).ok()?
                };
                out.push(byte);
            }
        }
        Err(_) => out.extend(password.iter().take(14).map(u8::to_ascii_uppercase)),
    }
    Some(out)
}

/// A 7-byte half of the LM key spread over a DES key's eight 7-bit groups (wiped on drop: it is
/// the password).
#[allow(
    clippy::cast_possible_truncation,
    reason = "each key byte is a 7-bit group of the 56-bit value"
)]
fn des_key_from_56(half: &[u8]) -> Zeroizing<[u8; 8]> {
    let mut v = Zeroizing::new(0u64);
    for &b in half.iter().take(7) {
        *v = (*v << 8) | u64::from(b);
    }
    let mut key = Zeroizing::new([0u8; 8]);
    for (i, k) in key.iter_mut().enumerate() {
        // Groups of 7 bits from the top; the low bit (parity) is left clear.
        *k = ((*v >> (49 - 7 * i)) as u8 & 0x7f) << 1;
    }
    key
}

/// The raw LM hash, or `None` when the password has no code page 437 form.
pub(crate) fn lm_raw(password: &[u8]) -> Option<Zeroizing<[u8; 16]>> {
    Some(lm_from_key(&lm_key_bytes(password)?))
}

/// The LM hash of `password` taken as already encoded bytes (ASCII upper-casing only), as
/// passlib computes it when handed bytes rather than text: UTF-8 bytes are hashed as they are.
fn lm_raw_bytes(password: &[u8]) -> Zeroizing<[u8; 16]> {
    let bytes: Zeroizing<Vec<u8>> = Zeroizing::new(
        password
            .iter()
            .take(14)
            .map(u8::to_ascii_uppercase)
            .collect(),
    );
    lm_from_key(&bytes)
}

/// DES-encrypt the magic with each 7-byte half of `bytes` (at most 14, NUL-padded).
fn lm_from_key(bytes: &[u8]) -> Zeroizing<[u8; 16]> {
    const MAGIC: &[u8; 8] = b"KGS!@#$%";
    let mut padded = Zeroizing::new([0u8; 14]);
    let n = bytes.len().min(14);
    padded[..n].copy_from_slice(&bytes[..n]);
    let mut out = Zeroizing::new([0u8; 16]);
    out[..8].copy_from_slice(&des::encrypt_block(&des_key_from_56(&padded[..7]), MAGIC));
    out[8..].copy_from_slice(&des::encrypt_block(&des_key_from_56(&padded[7..]), MAGIC));
    out
}

/// The raw NT hash, or `None` when the password is not UTF-8.
pub(crate) fn nt_raw(password: &[u8]) -> Option<crate::primitives::Digest> {
    let encoded = utf16::password_le(password)?;
    Some(Algorithm::Md4.digest(&[&encoded]))
}

/// The raw MS-Cache v1 hash for `user`, or `None` when the password is not UTF-8.
pub(crate) fn msdcc_raw(password: &[u8], user: &str) -> Option<crate::primitives::Digest> {
    let nt = nt_raw(password)?;
    let user = utf16::le(&user.to_lowercase());
    Some(Algorithm::Md4.digest(&[nt.as_bytes(), &user]))
}

/// Which of the four 32-hex-digit Windows hashes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Nt,
    Lm,
    Dcc,
    Dcc2,
}

/// A Windows hash stored as 32 hex digits.
#[derive(Clone, Copy, Debug)]
pub(crate) struct WindowsHash {
    id: &'static str,
    kind: Kind,
}

impl WindowsHash {
    /// MD4(UTF-16LE(password)).
    pub(crate) const NTHASH: WindowsHash = WindowsHash {
        id: "nthash",
        kind: Kind::Nt,
    };
    /// LAN Manager.
    pub(crate) const LMHASH: WindowsHash = WindowsHash {
        id: "lmhash",
        kind: Kind::Lm,
    };
    /// MS-Cache v1 (needs the user name).
    pub(crate) const MSDCC: WindowsHash = WindowsHash {
        id: "msdcc",
        kind: Kind::Dcc,
    };
    /// MS-Cache v2 (needs the user name).
    pub(crate) const MSDCC2: WindowsHash = WindowsHash {
        id: "msdcc2",
        kind: Kind::Dcc2,
    };

    /// MS-Cache v2's PBKDF2 iteration count when Windows' policy leaves it alone.
    const DCC2_ITERATIONS: u64 = 10240;

    /// The marker of MS-Cache v2's self-describing form.
    const DCC2_MARKER: &'static str = "$DCC2$";

    fn parse(&self, hash: &str) -> Result<[u8; 16]> {
        hex::decode_array::<16>(hash)
            .ok_or_else(|| Error::malformed(self.id, "digest", "expected 32 hex digits"))
    }

    /// An MS-Cache v2 credential in either form, its count checked against `limits`.
    fn parse_dcc2<'a>(&self, cred: &'a Credential, limits: &Limits) -> Result<Dcc2<'a>> {
        let parsed = match cred.hash().strip_prefix(Self::DCC2_MARKER) {
            Some(rest) => {
                let form = || {
                    Error::malformed(
                        self.id,
                        "hash",
                        "expected $DCC2$<iterations>#<user>#<32 hex digits>",
                    )
                };
                let (count, rest) = rest.split_once('#').ok_or_else(form)?;
                let (user, digest) = rest.rsplit_once('#').ok_or_else(form)?;
                Dcc2 {
                    iterations: number::decimal(self.id, "iterations", count)?,
                    user: Some(user),
                    digest: self.parse(digest)?,
                }
            }
            None => Dcc2 {
                digest: self.parse(cred.hash())?,
                iterations: cred
                    .params()
                    .u64(self.id, "iterations")?
                    .unwrap_or(Self::DCC2_ITERATIONS),
                user: None,
            },
        };
        limits.pbkdf2_iterations(self.id, parsed.iterations)?;
        Ok(parsed)
    }

    /// The raw MS-Cache v2 hash, or `None` when the password is not UTF-8.
    fn dcc2_raw(
        &self,
        password: &[u8],
        user: &str,
        iterations: u64,
        limits: &Limits,
    ) -> Result<Option<Zeroizing<Vec<u8>>>> {
        let Some(dcc) = msdcc_raw(password, user) else {
            return Ok(None);
        };
        let salt = utf16::le(&user.to_lowercase());
        let derived = pbkdf2::derive(
            self.id,
            Algorithm::Sha1,
            dcc.as_bytes(),
            &salt,
            iterations,
            16,
            limits,
        )?;
        Ok(Some(derived))
    }
}

/// An MS-Cache v2 credential as stored.
struct Dcc2<'a> {
    digest: [u8; 16],
    iterations: u64,
    /// The user name the `$DCC2$` form carries; `None` for a bare hash.
    user: Option<&'a str>,
}

impl Scheme for WindowsHash {
    fn id(&self) -> &str {
        self.id
    }

    fn prefixes(&self) -> &[&'static str] {
        match self.kind {
            Kind::Dcc2 => &[Self::DCC2_MARKER],
            _ => &[],
        }
    }

    fn matches_without_prefix(&self) -> bool {
        // The bare 32 hex digits of every kind, MS-Cache v2's included.
        true
    }

    fn identify(&self, hash: &str) -> Match {
        if self.kind == Kind::Dcc2 && hash.starts_with(Self::DCC2_MARKER) {
            Match::Exact
        } else if hex::is_hex_len(hash, 32) {
            Match::Shape
        } else {
            Match::No
        }
    }

    fn verify(&self, password: &[u8], cred: &Credential, limits: &Limits) -> Result<bool> {
        let (stored, ours): ([u8; 16], Option<Zeroizing<Vec<u8>>>) = match self.kind {
            Kind::Nt => (
                self.parse(cred.hash())?,
                nt_raw(password).map(|d| Zeroizing::new(d.as_bytes().to_vec())),
            ),
            Kind::Lm => (
                self.parse(cred.hash())?,
                lm_raw(password).map(|d| Zeroizing::new(d.to_vec())),
            ),
            Kind::Dcc => {
                let stored = self.parse(cred.hash())?;
                let user = cred.require_username(self.id)?;
                let ours = msdcc_raw(password, user).map(|d| Zeroizing::new(d.as_bytes().to_vec()));
                (stored, ours)
            }
            Kind::Dcc2 => {
                let parsed = self.parse_dcc2(cred, limits)?;
                let user = match parsed.user {
                    Some(u) => u,
                    None => cred.require_username(self.id)?,
                };
                let ours = self.dcc2_raw(password, user, parsed.iterations, limits)?;
                (parsed.digest, ours)
            }
        };
        let mut ok = ours.is_some_and(|d| ct_eq(&d, &stored));
        if self.kind == Kind::Lm && !password.is_ascii() && std::str::from_utf8(password).is_ok() {
            // passlib hashes UTF-8 bytes as they are when given bytes instead of text.
            ok |= ct_eq(lm_raw_bytes(password).as_ref(), &stored);
        }
        Ok(ok)
    }

    fn inspect(&self, cred: &Credential, limits: &Limits) -> Result<Vec<(&'static str, String)>> {
        if self.kind == Kind::Dcc2 {
            let parsed = self.parse_dcc2(cred, limits)?;
            return Ok(vec![("iterations", parsed.iterations.to_string())]);
        }
        self.parse(cred.hash())?;
        Ok(Vec::new())
    }

    fn truncates(&self, password: &[u8]) -> bool {
        self.kind == Kind::Lm
            && match std::str::from_utf8(password) {
                Ok(text) => text.chars().count() > 14 || text.to_uppercase() != text,
                Err(_) => password.len() > 14 || password.iter().any(u8::is_ascii_lowercase),
            }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn verify(s: &WindowsHash, pw: &[u8], hash: &str, user: Option<&str>) -> Result<bool> {
        let mut cred = Credential::new(hash);
        if let Some(u) = user {
            cred = cred.with_username(u);
        }
        s.verify(pw, &cred, &Limits::DEFAULT)
    }

    #[test]
    fn nthash_known_answers() {
        let nt = WindowsHash::NTHASH;
        assert!(verify(&nt, b"password", "8846f7eaee8fb117ad06bdd830b7586c", None).unwrap());
        assert!(verify(&nt, b"password", "8846F7EAEE8FB117AD06BDD830B7586C", None).unwrap());
        assert!(verify(&nt, b"", "31d6cfe0d16ae931b73c59d7e0c089c0", None).unwrap());
        assert!(!verify(&nt, b"Password", "8846f7eaee8fb117ad06bdd830b7586c", None).unwrap());
        assert!(!verify(&nt, b"\xff", "8846f7eaee8fb117ad06bdd830b7586c", None).unwrap());
        assert_eq!(
            nt.identify("8846f7eaee8fb117ad06bdd830b7586c"),
            Match::Shape
        );
    }

    #[test]
    fn lmhash_known_answers() {
        let lm = WindowsHash::LMHASH;
        // The empty password's well-known LM hash, and "password" in any case.
        assert!(verify(&lm, b"", "aad3b435b51404eeaad3b435b51404ee", None).unwrap());
        for pw in [&b"password"[..], b"PASSWORD", b"PassWord"] {
            assert!(verify(&lm, pw, "e52cac67419a9a224a3b108f3fa6cb6d", None).unwrap());
        }
        assert!(!verify(&lm, b"passwore", "e52cac67419a9a224a3b108f3fa6cb6d", None).unwrap());
        // Cut at 14 characters.
        let h = hex::encode(lm_raw(b"ABCDEFGHIJKLMN").unwrap().as_ref());
        assert!(verify(&lm, b"abcdefghijklmnopq", &h, None).unwrap());
        assert!(lm.truncates(b"abcdefghijklmnopq"));
        assert!(lm.truncates(b"password"));
        assert!(!lm.truncates(b"PASSWORD1"));
        assert!(!WindowsHash::NTHASH.truncates(b"password"));
        // Non-ASCII: upper-cased, then code page 437 (é -> É = 0x90).
        assert_eq!(lm_raw("é".as_bytes()), lm_raw(b"\x90"));
        assert_eq!(lm_raw("\u{3a9}x".as_bytes()), lm_raw(b"\xeaX"));
        assert!(lm_raw("€".as_bytes()).is_none());
        // passlib's lmhash.hash(bytes): UTF-8 bytes hashed as they are, ASCII upper-cased.
        let h = "740439765da424a1fcb3fd77cec39ae4";
        assert!(verify(&lm, "🔐emoji😀pass👍🏽".as_bytes(), h, None).unwrap());
        assert!(verify(&lm, "🔐EMOJI😀PASS👍🏽".as_bytes(), h, None).unwrap());
        assert!(!verify(&lm, "🔐emojj😀pass👍🏽".as_bytes(), h, None).unwrap());
        let h = "1141628eb0e6e72eec439a156b6a120a";
        assert!(verify(&lm, "pässwörd Ünïcödé".as_bytes(), h, None).unwrap());
        assert!(!verify(&lm, "pässword Ünïcödé".as_bytes(), h, None).unwrap());
    }

    #[test]
    fn msdcc_known_answers() {
        // passlib's msdcc / msdcc2 test vectors.
        let dcc = WindowsHash::MSDCC;
        let h = "95903b81e1070d5c79f9eba09f2c374e";
        assert!(verify(&dcc, b"correct horse battery staple", h, Some("sa")).unwrap());
        assert!(verify(&dcc, b"correct horse battery staple", h, Some("SA")).unwrap());
        assert!(!verify(&dcc, b"correct horse battery staple", h, Some("sb")).unwrap());
        let dcc2 = WindowsHash::MSDCC2;
        let h2 = "617418b9bddeaa24a0acfa4c94f55c76";
        let pw = b"correct horse battery staple";
        assert!(verify(&dcc2, pw, h2, Some("Administrator")).unwrap());
        assert!(
            !verify(
                &dcc2,
                b"correct horse battery stapl",
                h2,
                Some("Administrator")
            )
            .unwrap()
        );
    }

    /// hashcat's mode 2100 example and self-test hashes, and John the Ripper's mscash2 tests
    /// (`src/mscash_common_plug.c`), two of them at counts other than 10240.
    const DCC2_MARKED: &[(&str, &str)] = &[
        (
            "$DCC2$10240#tom#e4e938d12fe5974dc42a90120bd9c90f",
            "hashcat",
        ),
        (
            "$DCC2$10240#6848#e2829c8af2232fa53797e2f0e35e4626",
            "hashcat",
        ),
        (
            "$DCC2$10240#test1#607bbe89611e37446e736f7856515bf8",
            "test1",
        ),
        (
            "$DCC2$10240#TEST2#c6758e5be7fc943d00b97972a8a97620",
            "test2",
        ),
        (
            "$DCC2$10240##january#cceed966f6689269b758893bb6bbb985",
            "issue#2575",
        ),
        (
            "$DCC2$10000#Twelve_chars#54236c670e185043c8016006c001e982",
            "magnum",
        ),
        (
            "$DCC2$20480##january#474b0082a3a812a1c517fbd7a4e23811",
            "issue#2575",
        ),
    ];

    #[test]
    fn msdcc2_marked_form_known_answers() {
        let dcc2 = WindowsHash::MSDCC2;
        for &(h, pw) in DCC2_MARKED {
            assert_eq!(dcc2.identify(h), Match::Exact, "{h}");
            assert!(verify(&dcc2, pw.as_bytes(), h, None).unwrap(), "{h}");
            // The name in the string is the salt; the credential's own is not consulted.
            assert!(
                verify(&dcc2, pw.as_bytes(), h, Some("CORP\\other")).unwrap(),
                "{h}"
            );
            assert!(!verify(&dcc2, b"wrong", h, None).unwrap(), "{h}");
            for other in [WindowsHash::NTHASH, WindowsHash::MSDCC] {
                assert_eq!(other.identify(h), Match::No, "{h}");
            }
        }
        // Another user, another count: the same digest no longer matches.
        let h = "$DCC2$10240#test1#607bbe89611e37446e736f7856515bf8";
        assert!(!verify(&dcc2, b"test1", &h.replace("#test1#", "#test2#"), None).unwrap());
        assert!(!verify(&dcc2, b"test1", &h.replace("10240#", "10241#"), None).unwrap());
        let inspected = dcc2
            .inspect(
                &Credential::new("$DCC2$20480##january#474b0082a3a812a1c517fbd7a4e23811"),
                &Limits::DEFAULT,
            )
            .unwrap();
        assert_eq!(inspected, [("iterations", "20480".to_owned())]);
    }

    #[test]
    fn msdcc2_bare_hash_takes_its_count_from_params() {
        // John the Ripper's 10000-iteration vector, stored bare with its context beside it.
        let dcc2 = WindowsHash::MSDCC2;
        let cred =
            Credential::new("54236c670e185043c8016006c001e982").with_username("Twelve_chars");
        assert!(!dcc2.verify(b"magnum", &cred, &Limits::DEFAULT).unwrap());
        let cred = cred.with_param("iterations", "10000");
        assert!(dcc2.verify(b"magnum", &cred, &Limits::DEFAULT).unwrap());
        assert_eq!(
            dcc2.inspect(&cred, &Limits::DEFAULT).unwrap(),
            [("iterations", "10000".to_owned())]
        );
        let bad = cred.with_param("iterations", "ten");
        assert_eq!(
            dcc2.verify(b"magnum", &bad, &Limits::DEFAULT)
                .unwrap_err()
                .kind(),
            ErrorKind::Malformed
        );
    }

    #[test]
    fn msdcc2_counts_are_limited_before_any_work() {
        let dcc2 = WindowsHash::MSDCC2;
        let mut limits = Limits::DEFAULT;
        limits.max_pbkdf2_iterations = 10240;
        let over = "$DCC2$20480##january#474b0082a3a812a1c517fbd7a4e23811";
        let bare = Credential::new("54236c670e185043c8016006c001e982")
            .with_username("u")
            .with_param("iterations", "20480");
        for cred in [Credential::new(over), bare] {
            for e in [
                dcc2.verify(b"x", &cred, &limits).unwrap_err(),
                dcc2.inspect(&cred, &limits).unwrap_err(),
            ] {
                assert_eq!(
                    e,
                    Error::limit(
                        "msdcc2",
                        "iterations",
                        20480,
                        10240,
                        "Limits::max_pbkdf2_iterations"
                    )
                );
            }
        }
        let huge = "$DCC2$99999999999999999999999#u#474b0082a3a812a1c517fbd7a4e23811";
        let e = verify(&dcc2, b"x", huge, None).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Limit);
        let zero = "$DCC2$0#u#474b0082a3a812a1c517fbd7a4e23811";
        assert_eq!(
            verify(&dcc2, b"x", zero, None).unwrap_err().kind(),
            ErrorKind::Malformed
        );
    }

    #[test]
    fn msdcc2_marked_form_malformed() {
        let dcc2 = WindowsHash::MSDCC2;
        for bad in [
            "$DCC2$",
            "$DCC2$10240",
            "$DCC2$10240#474b0082a3a812a1c517fbd7a4e23811",
            "$DCC2$tom#474b0082a3a812a1c517fbd7a4e23811",
            "$DCC2$#tom#474b0082a3a812a1c517fbd7a4e23811",
            "$DCC2$-1#tom#474b0082a3a812a1c517fbd7a4e23811",
            "$DCC2$10240#tom#474b0082a3a812a1c517fbd7a4e2381",
            "$DCC2$10240#tom#474b0082a3a812a1c517fbd7a4e2381g",
            "$DCC2$10240#tom#474b0082a3a812a1c517fbd7a4e23811#",
        ] {
            assert_eq!(dcc2.identify(bad), Match::Exact, "{bad}");
            let e = verify(&dcc2, b"x", bad, Some("tom")).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed, "{bad}");
        }
    }

    #[test]
    fn registry_finds_both_msdcc2_forms() {
        let reg = crate::Registry::default();
        let marked = reg
            .identify("$DCC2$10240#tom#e4e938d12fe5974dc42a90120bd9c90f")
            .unwrap();
        assert_eq!(marked.id(), "msdcc2");
        match reg
            .identify("e4e938d12fe5974dc42a90120bd9c90f")
            .map(|s| s.id())
        {
            Err(Error::Ambiguous { candidates }) => {
                assert!(candidates.iter().any(|c| c == "msdcc2"), "{candidates:?}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn msdcc_needs_the_user_and_32_hex() {
        for s in [WindowsHash::MSDCC, WindowsHash::MSDCC2] {
            let e = verify(&s, b"x", "95903b81e1070d5c79f9eba09f2c374e", None).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::MissingContext);
        }
        for bad in [
            "95903b81e1070d5c79f9eba09f2c374",
            "95903b81e1070d5c79f9eba09f2c374g",
            "95903b81e1070d5c79f9eba09f2c374e ",
        ] {
            for s in [
                WindowsHash::NTHASH,
                WindowsHash::LMHASH,
                WindowsHash::MSDCC,
                WindowsHash::MSDCC2,
            ] {
                let e = verify(&s, b"x", bad, Some("u")).unwrap_err();
                assert_eq!(e.kind(), ErrorKind::Malformed);
                assert_eq!(s.identify(bad), Match::No);
            }
        }
    }
}
