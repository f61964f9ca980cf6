-- The merge state's `last` (the record's latest winning value: its updated-at and updated-by),
-- and the package's own id (the header's packageId) for lookups by the device.
ALTER TABLE records ADD COLUMN last jsonb;
ALTER TABLE packages ADD COLUMN package_id text;
CREATE UNIQUE INDEX packages_package_id ON packages (package_id);
