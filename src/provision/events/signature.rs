//! Qlik's webhook signature: `Qlik-Signature` is the hex HMAC-SHA256 of the exact request
//! body keyed by the webhook's secret (qlik.dev, "Verify webhook signatures using HMAC").

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The signature Qlik sends for `body` under `secret`: lower-case hex.
pub fn sign(secret: &str, body: &[u8]) -> String {
    hex::encode(mac(secret, body).finalize().into_bytes())
}

/// Whether `header` is `body`'s signature under `secret`, compared in constant time; hex of
/// either case is accepted (a community report found Qlik's case-insensitive to compare).
pub fn verify(secret: &str, body: &[u8], header: &str) -> bool {
    match hex::decode(header.trim().to_ascii_lowercase()) {
        Ok(claimed) if !secret.is_empty() => mac(secret, body).verify_slice(&claimed).is_ok(),
        _ => false,
    }
}

fn mac(secret: &str, body: &[u8]) -> HmacSha256 {
    // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
    let mut mac = match HmacSha256::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC accepts keys of every length"),
    };
    mac.update(body);
    mac
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_table() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let known = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        assert_eq!(sign("Jefe", b"what do ya want for nothing?"), known);
        let body = br#"{"id":"e1","type":"com.qlik.v1.app.reload.finished"}"#;
        let good = sign("s".repeat(40).as_str(), body);
        let cases: [(&str, &[u8], &str, bool); 7] = [
            (&"s".repeat(40), body, &good, true),
            (&"s".repeat(40), body, &good.to_ascii_uppercase(), true),
            (&"t".repeat(40), body, &good, false),
            (&"s".repeat(40), b"{\"id\":\"e2\"}", &good, false),
            (&"s".repeat(40), body, "not hex", false),
            (&"s".repeat(40), body, &good[..32], false),
            ("", body, &sign("", body), false),
        ];
        for (secret, body, header, want) in cases {
            assert_eq!(verify(secret, body, header), want, "{header}");
        }
    }
}
