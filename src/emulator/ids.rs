//! Identifiers in the shapes Qlik Cloud uses: 32-character tenant ids, GUID app ids,
//! 24-hex user ids, short sheet ids.

use rand::Rng;
use rand::distributions::Alphanumeric;

/// Random letters and digits, `len` long.
pub fn random_token(len: usize) -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

/// A tenant id like `TiQ8GPVr8qI714Lp5ChAAFFaU24MJy69`.
pub fn tenant_id() -> String {
    random_token(32)
}

/// A GUID like `f9e7a1c2-7a59-4bb9-9d8c-1f0bd1c8e2b4`.
pub fn guid() -> String {
    let b: [u8; 16] = rand::thread_rng().r#gen();
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// A 24-hex id as Qlik uses for users, spaces and items.
pub fn hex24() -> String {
    let b: [u8; 12] = rand::thread_rng().r#gen();
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_qlik_shapes() {
        assert_eq!(tenant_id().len(), 32);
        let g = guid();
        assert_eq!(
            g.split('-').map(str::len).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(hex24().chars().all(|c| c.is_ascii_hexdigit()));
    }
}
