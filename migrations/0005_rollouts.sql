-- Rollouts of a template version to every customer with the module, in waves, and the
-- per-customer version pins that hold customers on a version while a rollout (or rollback)
-- is under way. A customer without a pin gets the module's released version.
CREATE TABLE customer_module_pins (
    customer_slug TEXT NOT NULL REFERENCES customers (slug),
    module_key    TEXT NOT NULL REFERENCES modules (module_key),
    version       BIGINT NOT NULL,
    PRIMARY KEY (customer_slug, module_key)
);

CREATE TABLE rollouts (
    id                TEXT PRIMARY KEY,
    module_key        TEXT NOT NULL REFERENCES modules (module_key),
    from_version      BIGINT NOT NULL,
    to_version        BIGINT NOT NULL,
    state             TEXT NOT NULL,
    waves             TEXT NOT NULL,
    current_wave      BIGINT NOT NULL,
    max_failure_pct   BIGINT NOT NULL,
    results           TEXT NOT NULL,
    reason            TEXT,
    lease_owner       TEXT,
    lease_expires_at  BIGINT,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);
-- One rollout at a time per module.
CREATE UNIQUE INDEX rollouts_one_active_per_module ON rollouts (module_key)
    WHERE state IN ('running', 'halted', 'rolling_back');
