-- The reload-time variables a template version declares (a JSON array of parameter names):
-- passed with each reload instead of written into the script.
ALTER TABLE module_versions ADD COLUMN variables TEXT NOT NULL DEFAULT '[]';
