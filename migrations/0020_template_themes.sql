-- Custom themes shipped with template versions: each Qlik theme zip stored once per content
-- (its SHA-256), base64 in a TEXT column so SQLite and PostgreSQL read it alike.
CREATE TABLE theme_archives (
    sha256 TEXT PRIMARY KEY,
    qext_filename TEXT NOT NULL,
    name TEXT NOT NULL,
    size BIGINT NOT NULL,
    archive TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- The themes a template version carries, one per qextFilename; apply uploads them to the
-- tenant of every customer on that version.
CREATE TABLE module_version_themes (
    module_key TEXT NOT NULL,
    version BIGINT NOT NULL,
    qext_filename TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES theme_archives (sha256),
    PRIMARY KEY (module_key, version, qext_filename),
    FOREIGN KEY (module_key, version) REFERENCES module_versions (module_key, version)
);
