//! The document around the password hash: Auth0's "Bulk User Import Schema" member list and its
//! first generation (2018), the salt object and the password encoding. Everything here is the
//! same whatever the algorithm; the algorithm-specific `hash.value` is [`super::bodies`]'s.

use zeroize::Zeroizing;

use super::ID;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::schemes::vendor::common::{Encoding, Obj};

/// Top-level members Auth0's schema allows (`additionalProperties: false`).
const MEMBERS: &[&str] = &[
    "algorithm",
    "hash",
    "salt",
    "password",
    "keylen",
    "cost",
    "blockSize",
    "parallelization",
];

/// Top-level members of the first schema (2018), where `hash` was a string.
const MEMBERS_V1: &[&str] = &[
    "algorithm",
    "hash",
    "encoding",
    "salt_prefix",
    "salt_suffix",
];

/// How the source system encoded the password before hashing (Node.js `Buffer` encodings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PasswordEncoding {
    /// UTF-8, the password as given.
    Utf8,
    /// `ascii`, `latin1`, `binary`: the low byte of each UTF-16 code unit.
    Latin1,
    /// `utf16le`, `ucs2`.
    Utf16Le,
}

impl PasswordEncoding {
    pub(crate) fn parse(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "utf8" | "utf-8" => Ok(PasswordEncoding::Utf8),
            "ascii" | "latin1" | "binary" => Ok(PasswordEncoding::Latin1),
            "utf16le" | "utf-16le" | "ucs2" | "ucs-2" => Ok(PasswordEncoding::Utf16Le),
            _ => Err(Error::malformed(
                ID,
                "password.encoding",
                "unknown; expected ascii, utf8, utf16le, ucs2, latin1 or binary",
            )),
        }
    }

    /// The name Auth0's `password.encoding` uses (`utf8`, `latin1`, `utf16le`).
    pub(crate) const fn name(self) -> &'static str {
        match self {
            PasswordEncoding::Utf8 => "utf8",
            PasswordEncoding::Latin1 => "latin1",
            PasswordEncoding::Utf16Le => "utf16le",
        }
    }

    /// The password bytes the source system hashed; `None` when `password` is not UTF-8 text
    /// and the encoding needs text.
    pub(crate) fn transcode(self, password: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        if self == PasswordEncoding::Utf8 {
            return Some(Zeroizing::new(password.to_vec()));
        }
        let text = std::str::from_utf8(password).ok()?;
        let mut out = Zeroizing::new(Vec::with_capacity(password.len() * 2));
        for unit in text.encode_utf16() {
            let [lo, hi] = unit.to_le_bytes();
            out.push(lo);
            if self == PasswordEncoding::Utf16Le {
                out.push(hi);
            }
        }
        Some(out)
    }
}

/// The salt around the password. Auth0's salt object puts one value on one side; the first
/// schema's `salt_prefix` and `salt_suffix` may both be set.
#[derive(Default)]
pub(super) struct Salt {
    pub(super) prefix: Vec<u8>,
    pub(super) suffix: Vec<u8>,
}

impl Salt {
    fn len(&self) -> usize {
        self.prefix.len() + self.suffix.len()
    }

    /// The salt as one value (scrypt's salt argument; only one side is ever set there).
    pub(super) fn value(&self) -> Vec<u8> {
        [self.prefix.as_slice(), self.suffix.as_slice()].concat()
    }
}

/// The members of either schema generation, located but the body not yet interpreted; the
/// salt is decoded and within [`Limits::salt_len`].
pub(super) struct Document<'a> {
    pub(super) top: Obj<'a>,
    pub(super) algorithm: &'a str,
    pub(super) value: &'a str,
    /// `hash.encoding` (or the first schema's top-level `encoding`), with its name for errors.
    encoding: Option<(&'a str, &'static str)>,
    /// The `hash` object (HMAC's digest and key live there); `None` in the first schema.
    pub(super) hash: Option<Obj<'a>>,
    pub(super) salt: Option<Salt>,
    pub(super) password: PasswordEncoding,
}

impl<'a> Document<'a> {
    /// Locate the members of `o`, refusing members the schema does not define.
    pub(super) fn read(o: Obj<'a>, limits: &Limits) -> Result<Self> {
        let algorithm = o.req_str("algorithm")?;
        if let Some(value) = o.str("hash").ok().flatten() {
            // The first schema: {"algorithm","hash":"...","encoding","salt_prefix","salt_suffix"}.
            o.only("json", MEMBERS_V1)?;
            let prefix = o.str("salt_prefix")?.unwrap_or("").as_bytes().to_vec();
            let suffix = o.str("salt_suffix")?.unwrap_or("").as_bytes().to_vec();
            let salt = Salt { prefix, suffix };
            limits.salt_len(ID, salt.len())?;
            return Ok(Document {
                top: o,
                algorithm,
                value,
                encoding: o.str("encoding")?.map(|e| (e, "encoding")),
                hash: None,
                salt: (salt.len() > 0).then_some(salt),
                password: PasswordEncoding::Utf8,
            });
        }
        o.only("json", MEMBERS)?;
        let hash = o
            .obj("hash")?
            .ok_or_else(|| Error::malformed(ID, "hash", "missing"))?;
        let password = match o.obj("password")? {
            Some(p) => match p.str("password.encoding")? {
                Some(e) => PasswordEncoding::parse(e)?,
                None => PasswordEncoding::Utf8,
            },
            None => PasswordEncoding::Utf8,
        };
        let salt = match o.obj("salt")? {
            None => None,
            Some(s) => Some(salt_object(s, limits)?),
        };
        Ok(Document {
            top: o,
            algorithm,
            value: hash.req_str("hash.value")?,
            encoding: hash.str("hash.encoding")?.map(|e| (e, "hash.encoding")),
            hash: Some(hash),
            salt,
            password,
        })
    }

    /// The stored digest of the algorithms that store raw bytes: hex or base64, never utf8.
    pub(super) fn raw_hash(&self) -> Result<Vec<u8>> {
        let Some((enc, field)) = self.encoding else {
            return Err(Error::malformed(
                ID,
                "hash.encoding",
                "missing; hex or base64 is required for this algorithm",
            ));
        };
        let enc = Encoding::parse(ID, field, enc)?;
        if enc == Encoding::Utf8 {
            return Err(Error::malformed(
                ID,
                field,
                "must be hex or base64 for this algorithm",
            ));
        }
        enc.decode(ID, "hash.value", self.value)
    }

    /// argon2, bcrypt, ldap and pbkdf2 carry a text hash: its encoding is utf8 when given.
    pub(super) fn text_body(&self, name: &'static str) -> Result<()> {
        match self.encoding {
            Some((e, field)) if Encoding::parse(ID, field, e)? != Encoding::Utf8 => Err(
                Error::malformed(ID, field, format!("must be utf8 for {name}")),
            ),
            _ => Ok(()),
        }
    }

    /// Refuse a salt where the algorithm's body carries its own (or, for bcrypt in the first
    /// schema, where Auth0 said salts do not apply).
    pub(super) fn no_salt(&self, name: &'static str) -> Result<()> {
        if self.salt.is_some() {
            Err(Error::malformed(
                ID,
                "salt",
                format!("not allowed with {name}"),
            ))
        } else {
            Ok(())
        }
    }
}

/// The salt object: `value`, `encoding` (`utf8` default) and `position` (`prefix` default).
fn salt_object(s: Obj<'_>, limits: &Limits) -> Result<Salt> {
    let v = s.req_str("salt.value")?;
    let enc = match s.str("salt.encoding")? {
        Some(e) => Encoding::parse(ID, "salt.encoding", e)?,
        None => Encoding::Utf8,
    };
    let bytes = enc.decode(ID, "salt.value", v)?;
    limits.salt_len(ID, bytes.len())?;
    match s.str("salt.position")? {
        None => Ok(Salt {
            prefix: bytes,
            suffix: Vec::new(),
        }),
        Some(p) if p.eq_ignore_ascii_case("prefix") => Ok(Salt {
            prefix: bytes,
            suffix: Vec::new(),
        }),
        Some(p) if p.eq_ignore_ascii_case("suffix") => Ok(Salt {
            prefix: Vec::new(),
            suffix: bytes,
        }),
        Some(_) => Err(Error::malformed(
            ID,
            "salt.position",
            "expected prefix or suffix",
        )),
    }
}
