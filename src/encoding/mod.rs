//! The text encodings stored hashes use: crypt's own base64 ("hash64"), passlib's adapted
//! base64, the standard base64 flavours, hex, raw digests written in hex or base64, and the
//! UTF-16 forms Windows and Oracle hash.

pub(crate) mod b64;
pub(crate) mod crypt64;
pub(crate) mod digest_text;
pub(crate) mod hex;
pub(crate) mod utf16;
