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

    #[test]
    fn distinct_keys_hash_apart() {
        let mut map: FastMap<&str, u8> = FastMap::default();
        map.insert("a", 1);
        map.insert("b", 2);
        map.insert("ab", 3);
        assert_eq!((map["a"], map["b"], map["ab"]), (1, 2, 3));
    }
}
