//! Single-block DES, for the formats built on it (LM, Oracle 10g): the `des` crate's block
//! cipher behind one function, its key schedule wiped on drop.

use des::Des;
use des::cipher::{Array, BlockCipherEncrypt, KeyInit};

/// DES-encrypt one 8-byte block under an 8-byte key (the low bit of each key byte, DES's parity
/// bit, is ignored as DES ignores it).
pub fn encrypt_block(key: &[u8; 8], block: &[u8; 8]) -> [u8; 8] {
    let cipher = Des::new(&Array::from(*key));
    let mut b = Array::from(*block);
    cipher.encrypt_block(&mut b);
    b.into()
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_answer() {
        // FIPS 81 / the classic "Now is t" example: key 0123456789ABCDEF.
        let key = [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef];
        assert_eq!(
            super::encrypt_block(&key, b"Now is t"),
            [0x3f, 0xa4, 0x0e, 0x8a, 0x98, 0x4d, 0x48, 0x15]
        );
    }
}
