-- Host apps: partner backends that sign their users' short-lived JWTs themselves (embedding
-- mode b). Only the public key is stored; the algorithm is pinned per app.
CREATE TABLE host_apps (
    id             TEXT PRIMARY KEY,
    issuer         TEXT NOT NULL UNIQUE,
    audience       TEXT NOT NULL,
    algorithm      TEXT NOT NULL,
    public_key_pem TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     BIGINT NOT NULL
);
