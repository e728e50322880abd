-- Named leases for periodic work that one hub replica should do at a time (the hybrid sync).
CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    owner      TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
