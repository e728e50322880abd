-- Per-module menu options (opt flags, fixed selections, theme, lang) that every sheet URL of
-- the module carries; JSON of domain::MenuOptions.
ALTER TABLE modules ADD COLUMN menu_options TEXT NOT NULL DEFAULT '{}';
