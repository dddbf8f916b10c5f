-- Accounts loaded from a legacy export, and the failed-login throttle. One text for SQLite and
-- PostgreSQL: the identity column and the byte-string type are placeholders, replaced by each
-- engine's spelling (src/store/migrations.rs).
-- Times are Unix milliseconds. `state`: legacy (not yet logged in), migrated (logged in once
-- with the right password), locked (locked in the export; never answered valid).
CREATE TABLE accounts (
    id ID_COLUMN,
    username TEXT NOT NULL UNIQUE,
    email TEXT,
    hash TEXT,
    salt BYTES,
    cred_username TEXT,
    params TEXT,
    scheme_hint TEXT,
    scheme TEXT NOT NULL,
    profile TEXT NOT NULL DEFAULT '{}',
    state TEXT NOT NULL CHECK (state IN ('legacy', 'migrated', 'locked')),
    failed_logins BIGINT NOT NULL DEFAULT 0,
    source TEXT NOT NULL,
    imported_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    migrated_at BIGINT,
    last_failed_at BIGINT,
    CHECK ((state = 'migrated') = (migrated_at IS NOT NULL))
);
CREATE INDEX accounts_email ON accounts (email);
CREATE INDEX accounts_scheme_state ON accounts (scheme, state);

CREATE TABLE throttle (
    key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    window_start BIGINT NOT NULL,
    blocked_until BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX throttle_expiry ON throttle (window_start, blocked_until);
