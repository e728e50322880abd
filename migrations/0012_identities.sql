-- Host-signed JWTs are single-use: the jti of every one traded for an embed session is kept
-- until the token expires, so a replay is refused on every replica.
CREATE TABLE host_jwt_uses (
    app_id     TEXT NOT NULL,
    jti        TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT NOT NULL,
    PRIMARY KEY (app_id, jti)
);

-- Who vouched for an embed session's user: the host SaaS, or an admin previewing. The Qlik
-- subject is derived from it, so a host user can never share a preview's tenant user.
ALTER TABLE embed_sessions ADD COLUMN principal TEXT NOT NULL DEFAULT 'host';
