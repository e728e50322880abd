-- Hybrid distribution: each customer's deployment on its client-managed Qlik Sense site, and
-- the apps that arrived through it. The local bearer token is sealed (never stored in clear);
-- its SHA-256 digest is unique so one deployment token serves one customer only.
CREATE TABLE hybrid_deployments (
    customer_slug    TEXT PRIMARY KEY REFERENCES customers (slug),
    site_host        TEXT NOT NULL,
    name             TEXT NOT NULL,
    token_sealed     TEXT,
    token_digest     TEXT UNIQUE,
    idp_id           TEXT,
    -- Digest of the token the tenant's IdP was created with.
    idp_token_digest TEXT,
    status           TEXT NOT NULL,
    status_detail    TEXT NOT NULL DEFAULT '',
    updated_at       BIGINT NOT NULL
);

CREATE TABLE hybrid_apps (
    customer_slug TEXT NOT NULL REFERENCES customers (slug),
    app_id        TEXT NOT NULL,
    name          TEXT NOT NULL,
    module_key    TEXT NOT NULL,
    status        TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    space_id      TEXT,
    -- Qlik's publishTime when last adopted: an unchanged app is not read again.
    published_at  TEXT,
    -- JSON array of api::HybridSheet.
    sheets        TEXT NOT NULL DEFAULT '[]',
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (customer_slug, app_id),
    UNIQUE (customer_slug, module_key)
);
