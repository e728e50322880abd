-- Each time a user's browser dropped the tenant's cookie and the module fell back to the
-- same-site proxy (embedding mode `auto`); the admin console counts them per customer.
CREATE TABLE embed_fallbacks (
    id            TEXT PRIMARY KEY,
    at            BIGINT NOT NULL,
    customer_slug TEXT NOT NULL,
    user_id       TEXT NOT NULL
);
