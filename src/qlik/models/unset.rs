//! Qlik writes `""` for an unset string attribute (an app's `spaceId` outside any space, its
//! `publishTime` "empty if unpublished"): these helpers read `""` and absent alike as unset.

use serde::{Deserialize, Deserializer};

/// `None` for an absent, `null` or empty string; the string otherwise.
pub fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|s| !s.is_empty())
}

/// `#[serde(deserialize_with)]` form of [`non_empty`], for use with `#[serde(default)]`.
pub fn de_non_empty<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Option::<String>::deserialize(d).map(non_empty)
}

/// [`de_non_empty`] for an id: `""` and absent are unset, anything else must parse as `T`.
pub fn de_non_empty_id<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    de_non_empty(d)?
        .map(|raw| raw.parse().map_err(serde::de::Error::custom))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_absent_strings_are_unset() {
        let cases = [
            (None, None),
            (Some(""), None),
            (Some(" "), Some(" ")),
            (Some("abc"), Some("abc")),
        ];
        for (input, expected) in cases {
            assert_eq!(
                non_empty(input.map(str::to_owned)).as_deref(),
                expected,
                "{input:?}"
            );
        }
    }

    #[derive(Deserialize)]
    struct Attrs {
        #[serde(default, deserialize_with = "de_non_empty")]
        space_id: Option<String>,
    }

    #[test]
    fn decoding_reads_empty_null_and_missing_as_unset() {
        for (json, expected) in [
            (r#"{"space_id": ""}"#, None),
            (r#"{"space_id": null}"#, None),
            (r#"{}"#, None),
            (r#"{"space_id": "s1"}"#, Some("s1")),
        ] {
            let attrs: Attrs = serde_json::from_str(json).expect("a JSON object");
            assert_eq!(attrs.space_id.as_deref(), expected, "{json}");
        }
    }

    #[test]
    fn an_unpublished_personal_app_as_qlik_writes_it_has_no_space_and_no_publish_time() {
        // The attributes of `GET /api/v1/apps/{appId}` as qlik-cli's changelog prints them.
        let json = r#"{"_resourcetype": "app", "id": "8be8", "name": "n", "description": "",
            "lastReloadTime": "", "originAppId": "", "ownerId": "o", "publishTime": "",
            "published": false, "spaceId": "", "thumbnail": ""}"#;
        let attributes: super::super::NxAppAttributes =
            serde_json::from_str(json).expect("Qlik-shaped attributes decode");
        assert_eq!(
            (attributes.space_id, attributes.origin_app_id),
            (None, None)
        );
        assert_eq!(
            (attributes.publish_time, attributes.description),
            (None, None)
        );
    }
}
