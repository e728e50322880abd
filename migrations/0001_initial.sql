-- oem-hub config database, initial schema.
-- Portable SQL: the same file runs on SQLite and PostgreSQL (TEXT, BIGINT, no dialect types).
-- Timestamps are Unix epoch milliseconds in BIGINT columns.

CREATE TABLE modules (
    module_key      TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    template_app_id TEXT NOT NULL,
    version         BIGINT NOT NULL,
    created_at      BIGINT NOT NULL
);

CREATE TABLE customers (
    slug         TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    region       TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);

CREATE TABLE customer_modules (
    customer_slug TEXT NOT NULL REFERENCES customers (slug),
    module_key    TEXT NOT NULL REFERENCES modules (module_key),
    PRIMARY KEY (customer_slug, module_key)
);

CREATE TABLE admins (
    username      TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
