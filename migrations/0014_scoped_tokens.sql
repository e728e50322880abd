-- Scoped API tokens (issue 13): each token gets a stable public id (listed and revoked without
-- its secret), a scope (`admin`, or `embed` for the customers in api_token_customers), an
-- optional expiry, rotation, revocation and a last-used time. Only a SHA-256 hash of the
-- secret is stored, as before.
--
-- Existing tokens could do everything, so they become `admin` tokens (automation keeps
-- working); their id is derived from their hash (which says nothing about the secret), since
-- SQL has no portable random function. Admins should list them and replace broad ones with
-- embed tokens where that is all they are used for.
CREATE TABLE api_tokens_v2 (
    id           TEXT PRIMARY KEY,
    secret_hash  TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    scope        TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT,
    last_used_at BIGINT,
    rotated_at   BIGINT,
    revoked_at   BIGINT,
    revoked_by   TEXT
);
INSERT INTO api_tokens_v2 (id, secret_hash, name, scope, created_by, created_at)
    SELECT 'tok_' || substr(token_hash, 1, 24), token_hash, name, 'admin', created_by, created_at
    FROM api_tokens;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_v2 RENAME TO api_tokens;

CREATE TABLE api_token_customers (
    token_id      TEXT NOT NULL REFERENCES api_tokens (id),
    customer_slug TEXT NOT NULL REFERENCES customers (slug),
    PRIMARY KEY (token_id, customer_slug)
);

-- Host apps are bound to the customers they may serve. Apps registered before this existed
-- could serve every customer; they are bound to every customer on record now, so running
-- embeds keep working, and customers added later must be listed explicitly
-- (PUT /api/v1/host-apps/{id}/customers).
CREATE TABLE host_app_customers (
    host_app_id   TEXT NOT NULL REFERENCES host_apps (id),
    customer_slug TEXT NOT NULL REFERENCES customers (slug),
    PRIMARY KEY (host_app_id, customer_slug)
);
INSERT INTO host_app_customers (host_app_id, customer_slug)
    SELECT h.id, c.slug FROM host_apps h CROSS JOIN customers c;
