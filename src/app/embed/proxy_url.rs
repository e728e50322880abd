//! Sheet URLs through the same-site tenant proxy: the tenant's origin swapped for the proxy's,
//! path and query kept. Pure, so it is table-tested.

/// `url` (on `tenant`) as served by `proxy`; `None` when `url` is not on that tenant.
pub fn through_proxy(url: &str, tenant: &str, proxy: &str) -> Option<String> {
    let rest = url.strip_prefix(tenant.trim_end_matches('/'))?;
    rest.starts_with('/')
        .then(|| format!("{}{rest}", proxy.trim_end_matches('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_tenants_own_urls_are_rewritten() {
        let tenant = "https://acme.us.qlikcloud.com";
        let proxy = "https://analytics.partner.com";
        let table = [
            (
                "https://acme.us.qlikcloud.com/single/?appid=a&sheet=s",
                Some("https://analytics.partner.com/single/?appid=a&sheet=s"),
            ),
            (
                "https://acme.us.qlikcloud.com/sense/app/a/sheet/s/state/analysis",
                Some("https://analytics.partner.com/sense/app/a/sheet/s/state/analysis"),
            ),
            ("https://acme.us.qlikcloud.com.evil.com/single/", None),
            ("https://globex.eu.qlikcloud.com/single/", None),
            ("https://acme.us.qlikcloud.com", None),
        ];
        for (url, expected) in table {
            assert_eq!(
                through_proxy(url, tenant, proxy).as_deref(),
                expected,
                "{url}"
            );
        }
        assert_eq!(
            through_proxy(
                "http://t.localhost:9/single/?x",
                "http://t.localhost:9/",
                "http://p.localhost:9/"
            )
            .as_deref(),
            Some("http://p.localhost:9/single/?x")
        );
    }
}
