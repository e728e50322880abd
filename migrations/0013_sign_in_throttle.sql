-- Failed admin sign-ins, per account and per client address, shared by every hub replica.
-- scope is 'account' (subject: the username tried) or 'address' (subject: the client address).
CREATE TABLE sign_in_failures (
    scope        TEXT NOT NULL,
    subject      TEXT NOT NULL,
    failures     BIGINT NOT NULL,
    last_at      BIGINT NOT NULL,
    locked_until BIGINT NOT NULL,
    PRIMARY KEY (scope, subject)
);

-- Addresses an admin signed in from; a locked account still lets them in from these.
CREATE TABLE admin_sign_in_addresses (
    username TEXT NOT NULL,
    address  TEXT NOT NULL,
    last_at  BIGINT NOT NULL,
    PRIMARY KEY (username, address)
);
