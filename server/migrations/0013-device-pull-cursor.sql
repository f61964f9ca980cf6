-- The cursor a device confirmed it holds (the `after` of its last signed pull request): `admin export-return`
-- continues from it by default, so a USB return package carries exactly what the device lacks.
ALTER TABLE devices ADD COLUMN pull_cursor bigint NOT NULL DEFAULT 0 CHECK (pull_cursor >= 0);
