//! Cursor pagination shared by the list endpoints, as Qlik pages: `limit` within each API's
//! documented range (its default when absent), and, while more remain, `links.next.href`
//! carrying the id of the page's last element as the cursor together with the request's
//! other query parameters. Each API's rule is a constant below.

use super::error::QlikError;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The query string of a list request (these lists take no repeated parameters).
pub type Query = BTreeMap<String, String>;

/// How one list API pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// Page size when the request names none.
    pub default: usize,
    /// Largest page size; a larger `limit` is a 400.
    pub max: usize,
    /// `limit=0` is in the documented range (web-integrations, org tenants: `0..100`). What
    /// Qlik returns for it is unconfirmed; the emulator serves the default page size.
    pub zero_means_default: bool,
    /// The query parameter carrying the cursor.
    pub cursor: &'static str,
    /// Error code of a bad `limit`.
    pub code: &'static str,
}

const fn rule(default: usize, cursor: &'static str, code: &'static str) -> Paging {
    Paging {
        default,
        max: 100,
        zero_means_default: false,
        cursor,
        code,
    }
}

/// Items: 1..100, default 10.
pub const ITEMS: Paging = rule(10, "next", "ITEMS-400");
/// Identity providers: Qlik documents `limit` without range or default; 20 and 1..100 are the
/// emulator's choice (UNCONFIRMED).
pub const IDPS: Paging = rule(20, "next", "IDENTITY-PROVIDERS-400");
/// Web integrations: 0..100, default 10, cursor `startingAfter`.
pub const WEB_INTEGRATIONS: Paging = Paging {
    zero_means_default: true,
    ..rule(10, "startingAfter", "WEB-INTEGRATIONS-400")
};
/// CSP origins: 1..100, default 20.
pub const CSP_ORIGINS: Paging = rule(20, "next", "CSP-ORIGINS-400");
/// Spaces: default 10; the maximum 100 is the emulator's choice (UNCONFIRMED).
pub const SPACES: Paging = rule(10, "next", "SPACES-400");
/// Space assignments: range and default undocumented; as spaces (UNCONFIRMED).
pub const ASSIGNMENTS: Paging = rule(10, "next", "SPACES-400");
/// Groups: 1..100, default 20.
pub const GROUPS: Paging = rule(20, "next", "GROUPS-400");
/// Data connections: 1..100, default 20, cursor `page`.
pub const DATA_CONNECTIONS: Paging = rule(20, "page", "DATA-CONNECTIONS-400");
/// Reloads: 1..100 (`getReloads`); the default 10 is the emulator's choice (UNCONFIRMED).
pub const RELOADS: Paging = rule(10, "next", "RELOADS-400");
/// Users: 1..100, default 20.
pub const USERS: Paging = rule(20, "next", "USERS-400");
/// Roles: 1..100, default 20.
pub const ROLES: Paging = rule(20, "next", "IDENTITIES-400");
/// Organization tenants (console host): 0..100, default 20. Qlik's reference names the cursor
/// `next` but its example next link carries `offset`; the emulator writes `offset` and
/// reads either.
pub const ORG_TENANTS: Paging = Paging {
    zero_means_default: true,
    ..rule(20, "offset", "HTTP-400")
};
impl Paging {
    /// The page size `query` asks for.
    pub fn limit(&self, query: &Query) -> Result<usize, QlikError> {
        let Some(raw) = query.get("limit") else {
            return Ok(self.default);
        };
        let min = usize::from(!self.zero_means_default);
        match raw.parse::<usize>() {
            Ok(0) if self.zero_means_default => Ok(self.default),
            Ok(n) if (min..=self.max).contains(&n) => Ok(n),
            _ => Err(QlikError::bad_request(
                self.code,
                format!(
                    "limit must be an integer from {min} to {}, got {raw:?}",
                    self.max
                ),
            )),
        }
    }

    /// `{data, links}` for the page of `sorted` (filtered, in list order) that `query` asks
    /// for; `path` prefixes the links (relative, or absolute where Qlik writes absolute ones).
    pub fn page<T>(
        &self,
        path: &str,
        query: &Query,
        sorted: &[T],
        id_of: impl Fn(&T) -> &str,
        render: impl Fn(&T) -> Value,
    ) -> Result<Value, QlikError> {
        let limit = self.limit(query)?;
        let after = query.get(self.cursor).map(String::as_str);
        let (page, next) = paginate(sorted, id_of, after, limit);
        let data: Vec<Value> = page.iter().map(render).collect();
        let mut links = json!({ "self": { "href": with_query(path, query.iter()) } });
        if let Some(cursor) = next {
            let limit = limit.to_string();
            let first = [("limit", limit.as_str()), (self.cursor, cursor.as_str())];
            let rest = query
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .filter(|(k, _)| !["limit", "prev", self.cursor].contains(k));
            let href = with_query(path, first.into_iter().chain(rest));
            links["next"] = json!({ "href": href });
        }
        Ok(json!({ "data": data, "links": links }))
    }
}

fn with_query<K: AsRef<str>, V: AsRef<str>>(
    path: &str,
    pairs: impl Iterator<Item = (K, V)>,
) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.extend_pairs(pairs);
    match query.finish() {
        q if q.is_empty() => path.to_owned(),
        q => format!("{path}?{q}"),
    }
}

/// One page of `sorted` after the cursor `after` (an element id), and the cursor of the next
/// page when elements remain. An unknown cursor gives an empty last page.
pub fn paginate<'a, T>(
    sorted: &'a [T],
    id_of: impl Fn(&T) -> &str,
    after: Option<&str>,
    limit: usize,
) -> (&'a [T], Option<String>) {
    let start = match after {
        Some(cursor) => sorted
            .iter()
            .position(|x| id_of(x) == cursor)
            .map_or(sorted.len(), |i| i + 1),
        None => 0,
    };
    let end = (start + limit).min(sorted.len());
    let page = &sorted[start..end];
    let next = (end < sorted.len())
        .then(|| page.last().map(|x| id_of(x).to_owned()))
        .flatten();
    (page, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id<'a>(s: &'a &str) -> &'a str {
        s
    }

    #[test]
    fn pagination_table() {
        let ids = ["a", "b", "c", "d", "e"];
        type Case<'a> = (Option<&'a str>, usize, &'a [&'a str], Option<&'a str>);
        let cases: [Case; 6] = [
            (None, 2, &["a", "b"], Some("b")),
            (Some("b"), 2, &["c", "d"], Some("d")),
            (Some("d"), 2, &["e"], None),
            (None, 5, &["a", "b", "c", "d", "e"], None),
            (Some("e"), 2, &[], None),
            (Some("zzz"), 2, &[], None),
        ];
        for (after, limit, want, want_next) in cases {
            let (page, next) = paginate(&ids, id, after, limit);
            assert_eq!(
                (page, next.as_deref()),
                (want, want_next),
                "after {after:?}"
            );
        }
    }

    #[test]
    fn limit_table() {
        let q = |limit: &str| Query::from([("limit".to_owned(), limit.to_owned())]);
        let ok = [
            (ITEMS, None, 10),
            (ITEMS, Some("100"), 100),
            (GROUPS, None, 20),
            (SPACES, Some("1"), 1),
            (WEB_INTEGRATIONS, Some("0"), 10),
            (ORG_TENANTS, Some("0"), 20),
            (DATA_CONNECTIONS, None, 20),
        ];
        for (rule, limit, want) in ok {
            let query = limit.map(q).unwrap_or_default();
            assert_eq!(rule.limit(&query).ok(), Some(want), "{rule:?} {limit:?}");
        }
        let bad = [
            (ITEMS, "0"),
            (ITEMS, "101"),
            (ROLES, "ten"),
            (GROUPS, "-1"),
            (WEB_INTEGRATIONS, "101"),
        ];
        for (rule, limit) in bad {
            let err = rule.limit(&q(limit)).expect_err(limit);
            assert_eq!((err.status.as_u16(), err.code.as_str()), (400, rule.code));
        }
    }

    #[test]
    fn next_link_carries_limit_cursor_and_filters_but_not_prev() {
        let ids = ["a", "b", "c"];
        let query = Query::from([
            ("limit".to_owned(), "2".to_owned()),
            ("type".to_owned(), "managed,shared".to_owned()),
            ("prev".to_owned(), "z".to_owned()),
        ]);
        let page = SPACES
            .page("/api/v1/spaces", &query, &ids, id, |s| json!(s))
            .expect("valid limit");
        assert_eq!(page["data"], json!(["a", "b"]));
        assert_eq!(
            page["links"]["next"]["href"],
            json!("/api/v1/spaces?limit=2&next=b&type=managed%2Cshared")
        );
        let query = Query::from([("startingAfter".to_owned(), "b".to_owned())]);
        let last = WEB_INTEGRATIONS
            .page("/api/v1/web-integrations", &query, &ids, id, |s| json!(s))
            .expect("default limit");
        assert_eq!(last["data"], json!(["c"]));
        assert!(last["links"].get("next").is_none());
        assert_eq!(
            last["links"]["self"]["href"],
            json!("/api/v1/web-integrations?startingAfter=b")
        );
    }
}
