//! The text encodings stored hashes use: crypt's own base64 ("hash64"), passlib's adapted
//! base64, the standard base64 flavours, hex, raw digests written in hex or base64, and the
//! UTF-16 forms Windows and Oracle hash.

pub mod b64;
pub mod crypt64;
pub mod digest_text;
pub mod hex;
pub mod utf16;
