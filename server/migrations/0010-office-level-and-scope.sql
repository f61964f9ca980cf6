-- Authority bound to the certificate: the office level (county / city / province) and scope (the county, city or
-- province code) a device's certificate grants, and what an enrolment code grants: a level, a scope and the
-- signature algorithm the province requires (Ed25519 by default, SM2-SM3 possible). A NULL scope means the row's
-- county: devices enrolled before office levels are county offices of their county, as their certificates say.
ALTER TABLE devices ADD COLUMN level text NOT NULL DEFAULT 'county' CHECK (level IN ('county', 'city', 'province'));
ALTER TABLE devices ADD COLUMN scope text CHECK (scope ~ '^[0-9]{6}$');

ALTER TABLE enrol_codes ADD COLUMN level text NOT NULL DEFAULT 'county' CHECK (level IN ('county', 'city', 'province'));
ALTER TABLE enrol_codes ADD COLUMN scope text CHECK (scope ~ '^[0-9]{6}$');
ALTER TABLE enrol_codes ADD COLUMN alg text NOT NULL DEFAULT 'Ed25519' CHECK (alg IN ('Ed25519', 'SM2-SM3'));

ALTER TABLE device_certificates ADD COLUMN level text;
ALTER TABLE device_certificates ADD COLUMN scope text;
