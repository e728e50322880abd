//! A customer's policy for its host users' lifecycle: after how many days without a sign-in a
//! user is removed from the tenant (freeing its licence); absent, users stay until removed.

use serde::{Deserialize, Serialize};

/// The longest inactivity window accepted (ten years).
pub const MAX_INACTIVE_DAYS: u32 = 3650;

/// `users` in a customer's spec.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UserPolicy {
    /// Remove a user this many days after their last sign-in (1–3650).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "inactive_days"
    )]
    pub remove_after_inactive_days: Option<u32>,
}

impl UserPolicy {
    /// True when the policy keeps every user (the default).
    pub fn is_default(&self) -> bool {
        self.remove_after_inactive_days.is_none()
    }
}

fn inactive_days<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    let days = Option::<u32>::deserialize(d)?;
    match days {
        Some(n) if !(1..=MAX_INACTIVE_DAYS).contains(&n) => Err(serde::de::Error::custom(format!(
            "remove_after_inactive_days must be 1–{MAX_INACTIVE_DAYS}"
        ))),
        other => Ok(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn days_table() {
        for (raw, ok) in [
            (json!({}), Some(None)),
            (json!({"remove_after_inactive_days": 90}), Some(Some(90))),
            (json!({"remove_after_inactive_days": 0}), None),
            (json!({"remove_after_inactive_days": 3651}), None),
            (json!({"remove_after_inactive_days": -1}), None),
            (json!({"inactive": 3}), None),
        ] {
            let got = serde_json::from_value::<UserPolicy>(raw.clone())
                .ok()
                .map(|p| p.remove_after_inactive_days);
            assert_eq!(got, ok, "{raw}");
        }
    }
}
