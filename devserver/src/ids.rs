//! Deterministic ids and pseudo-random choices: a small hash of a seed and some parts, and the
//! UUID- and Okta-shaped ids built from it. The same inputs give the same ids on every start.

/// splitmix64: a tiny, good-enough mixer for deterministic pseudo-random choices.
pub fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A hash of the seed and some parts.
pub fn hash(seed: u64, parts: &[u64]) -> u64 {
    parts.iter().fold(mix(seed), |a, p| mix(a ^ p))
}

/// A version-4-shaped UUID string from a hash.
pub fn uuid(seed: u64, parts: &[u64]) -> String {
    let a = hash(seed, parts);
    let b = mix(a);
    format!(
        "{:08x}-{:04x}-4{:03x}-{:x}{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        8 | ((b >> 62) & 3),
        (b >> 48) & 0xfff,
        b & 0xffff_ffff_ffff
    )
}

/// An Okta-style user id (`00u` and 17 base-36 characters) from a hash.
pub fn okta_id(seed: u64, parts: &[u64]) -> Box<str> {
    const ALPHA: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut h = hash(seed, parts);
    let mut s = String::from("00u");
    for i in 0..17 {
        if i == 12 {
            h = mix(h);
        }
        s.push(ALPHA[(h % 36) as usize] as char);
        h /= 36;
    }
    s.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_shaped() {
        assert_eq!(uuid(1, &[2, 3]), uuid(1, &[2, 3]));
        assert_ne!(uuid(1, &[2, 3]), uuid(1, &[3, 2]));
        let u = uuid(42, &[7]);
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        let o = okta_id(42, &[7]);
        assert!(o.starts_with("00u") && o.len() == 20);
    }
}
