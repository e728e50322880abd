-- Reloads of customers' published apps as the hub saw them (scheduled, retried, reload now):
-- the facts behind the freshness view and its timeline.
CREATE TABLE reload_history (
    slug         TEXT NOT NULL,
    module       TEXT NOT NULL,
    reload_id    TEXT NOT NULL,
    status       TEXT NOT NULL,
    triggered_by TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    started_at   BIGINT,
    ended_at     BIGINT,
    log_excerpt  TEXT,
    PRIMARY KEY (slug, module, reload_id)
);
CREATE INDEX reload_history_by_time ON reload_history (created_at);

-- A fleet-wide "reload now": its items are worked a few at a time (at most per_source_cap
-- at once against one customer database), and resume after a restart.
CREATE TABLE fleet_reloads (
    id             TEXT PRIMARY KEY,
    state          TEXT NOT NULL,
    per_source_cap BIGINT,
    created_at     BIGINT NOT NULL,
    finished_at    BIGINT
);
CREATE TABLE fleet_reload_items (
    fleet_id  TEXT NOT NULL,
    slug      TEXT NOT NULL,
    module    TEXT NOT NULL,
    source    TEXT NOT NULL,
    state     TEXT NOT NULL,
    reload_id TEXT,
    error     TEXT,
    PRIMARY KEY (fleet_id, slug, module)
);
