//! Deep links: the host page's URL carries `oemhub=<module>/<sheet>` so a user can bookmark
//! or share the sheet they are on; pure parsing and formatting.

/// The query parameter holding the deep link.
pub const PARAM: &str = "oemhub";

/// A module and sheet named by a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeepLink {
    pub module: String,
    pub sheet: String,
}

impl DeepLink {
    /// Reads the link from a query string (`?a=1&oemhub=sales/s1`), if it holds a valid one.
    pub fn from_query(query: &str) -> Option<DeepLink> {
        let query = query.strip_prefix('?').unwrap_or(query);
        let raw = query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(key, _)| *key == PARAM)
            .map(|(_, value)| value)?;
        let decoded = percent_encoding::percent_decode_str(raw)
            .decode_utf8()
            .ok()?;
        let (module, sheet) = decoded.split_once('/')?;
        let valid = |s: &str| {
            !s.is_empty()
                && s.len() <= 128
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        };
        (valid(module) && valid(sheet)).then(|| DeepLink {
            module: module.to_owned(),
            sheet: sheet.to_owned(),
        })
    }

    /// `query` with this link set (replacing any earlier one), keeping every other parameter.
    pub fn into_query(&self, query: &str) -> String {
        let query = query.strip_prefix('?').unwrap_or(query);
        let mut pairs: Vec<String> = query
            .split('&')
            .filter(|pair| !pair.is_empty() && pair.split('=').next() != Some(PARAM))
            .map(str::to_owned)
            .collect();
        pairs.push(format!("{PARAM}={}/{}", self.module, self.sheet));
        format!("?{}", pairs.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(module: &str, sheet: &str) -> Option<DeepLink> {
        Some(DeepLink {
            module: module.into(),
            sheet: sheet.into(),
        })
    }

    #[test]
    fn reads_links_from_queries() {
        let table = [
            ("?oemhub=sales/s1", link("sales", "s1")),
            ("a=1&oemhub=sales%2Fs-2_x&b=2", link("sales", "s-2_x")),
            ("?oemhub=sales", None),
            ("?oemhub=/s1", None),
            ("?oemhub=sales/s1/extra", None),
            ("?oemhub=sa%20les/s1", None),
            ("?oemhub=<x>/s1", None),
            ("?other=sales/s1", None),
            ("", None),
        ];
        for (query, expected) in table {
            assert_eq!(DeepLink::from_query(query), expected, "{query}");
        }
    }

    #[test]
    fn writes_links_keeping_other_parameters() {
        let l = link("sales", "s1").expect("test value");
        let table = [
            ("", "?oemhub=sales/s1"),
            ("?tab=2", "?tab=2&oemhub=sales/s1"),
            ("?oemhub=old/x&tab=2", "?tab=2&oemhub=sales/s1"),
            ("tab=2&", "?tab=2&oemhub=sales/s1"),
        ];
        for (query, expected) in table {
            assert_eq!(l.into_query(query), expected, "{query}");
            assert_eq!(DeepLink::from_query(expected), Some(l.clone()));
        }
    }
}
