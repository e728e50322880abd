-- Admin console sessions. Only a SHA-256 hash of the cookie token is stored.
CREATE TABLE admin_sessions (
    token_hash TEXT PRIMARY KEY,
    username   TEXT NOT NULL REFERENCES admins (username),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
