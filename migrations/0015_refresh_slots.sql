-- Each customer × module's second inside its refresh schedule's spreading window: assigned
-- once (the first free one from a hash of the pair), so offsets are distinct and stable.
CREATE TABLE refresh_slots (
    window_key TEXT NOT NULL,
    slug       TEXT NOT NULL,
    module     TEXT NOT NULL,
    slot       BIGINT NOT NULL,
    PRIMARY KEY (window_key, slug, module),
    UNIQUE (window_key, slot)
);
