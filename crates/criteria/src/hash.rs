//! A small, fast hasher for the engine's string-keyed maps (FNV-1a). Keys are policy ids and
//! question ids, never attacker-sized inputs kept across requests, so SipHash's protection
//! against hash flooding buys nothing here and costs a fifth of evaluation time.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

#[derive(Default, Clone, Copy)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

#[cfg(test)]
mod tests {
    use super::*;

    fn fnv(bytes: &[u8]) -> u64 {
        let mut h = Fnv::default();
        h.write(bytes);
        h.finish()
    }

    #[test]
    fn it_is_fnv_1a_and_spreads_keys() {
        // The published FNV-1a 64-bit test vectors (a constant hasher would fail here, where a
        // map that merely finds its keys would not).
        assert_eq!(fnv(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv(b"foobar"), 0x8594_4171_f739_67e8);
        let hashes: std::collections::BTreeSet<u64> =
            ["a", "b", "ab", "ba"].iter().map(|k| fnv(k.as_bytes())).collect();
        assert_eq!(hashes.len(), 4);
    }
}
