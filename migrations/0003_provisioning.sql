-- Provisioning: the partner's source tenant, template versions, each customer's full desired
-- state, its observed state, jobs with leases, and the append-only audit log of Qlik calls.
-- Portable SQL (SQLite and PostgreSQL); JSON documents are TEXT written by serde.

-- The partner's source (development) tenant. The OAuth client secret is sealed with the hub's
-- encryption key (ChaCha20-Poly1305); only ciphertext is stored.
CREATE TABLE sources (
    name             TEXT PRIMARY KEY,
    host             TEXT NOT NULL,
    region           TEXT NOT NULL,
    client_id        TEXT NOT NULL,
    secret_sealed    TEXT NOT NULL,
    updated_at       BIGINT NOT NULL
);

-- Every version of a module's template: the app in the source tenant, its sheets and the
-- load-script template with named parameters. `modules.version` is the current one.
CREATE TABLE module_versions (
    module_key      TEXT NOT NULL REFERENCES modules (module_key),
    version         BIGINT NOT NULL,
    template_app_id TEXT NOT NULL,
    sheets          TEXT NOT NULL,
    script_template TEXT NOT NULL,
    note            TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (module_key, version)
);

-- The rest of a customer's desired state as one JSON document (origins, parameters, group
-- roles, JWT identity), and when it was retired.
ALTER TABLE customers ADD COLUMN spec TEXT NOT NULL DEFAULT '{}';
ALTER TABLE customers ADD COLUMN retired_at BIGINT;

-- What the engine has made real for a customer: tenant and configuration ids (JSON), and the
-- last reconcile result. Written step by step so a crash resumes where it stopped.
CREATE TABLE customer_state (
    customer_slug TEXT PRIMARY KEY REFERENCES customers (slug),
    tenant_id     TEXT,
    hostname      TEXT,
    observed      TEXT NOT NULL,
    last_result   TEXT,
    updated_at    BIGINT NOT NULL
);

-- Per customer and module: the staging and published app ids and the deployed version.
CREATE TABLE deployments (
    customer_slug    TEXT NOT NULL REFERENCES customers (slug),
    module_key       TEXT NOT NULL REFERENCES modules (module_key),
    staging_app_id   TEXT,
    published_app_id TEXT,
    version          BIGINT,
    reload_id        TEXT,
    updated_at       BIGINT NOT NULL,
    PRIMARY KEY (customer_slug, module_key)
);

-- Provisioning jobs. A job is leased by one engine instance at a time; at most one unfinished
-- job per customer (the partial unique index), so two replicas never work on one customer.
CREATE TABLE jobs (
    id               TEXT PRIMARY KEY,
    customer_slug    TEXT NOT NULL REFERENCES customers (slug),
    kind             TEXT NOT NULL,
    params           TEXT NOT NULL,
    state            TEXT NOT NULL,
    step_index       BIGINT NOT NULL,
    step_count       BIGINT NOT NULL,
    step_name        TEXT NOT NULL,
    attempts         BIGINT NOT NULL,
    not_before       BIGINT NOT NULL,
    lease_owner      TEXT,
    lease_expires_at BIGINT,
    cancel_requested BIGINT NOT NULL,
    error            TEXT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    finished_at      BIGINT
);
CREATE UNIQUE INDEX jobs_one_active_per_customer ON jobs (customer_slug) WHERE finished_at IS NULL;
CREATE INDEX jobs_runnable ON jobs (state, not_before);

-- Every Qlik API call the engine made. Append-only: no UPDATE or DELETE is ever issued.
CREATE TABLE audit_log (
    id            TEXT PRIMARY KEY,
    at            BIGINT NOT NULL,
    customer_slug TEXT,
    job_id        TEXT,
    method        TEXT NOT NULL,
    host          TEXT NOT NULL,
    path          TEXT NOT NULL,
    status        BIGINT NOT NULL,
    duration_ms   BIGINT NOT NULL
);
CREATE INDEX audit_log_customer ON audit_log (customer_slug, at);
