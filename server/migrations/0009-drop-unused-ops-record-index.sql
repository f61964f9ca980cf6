-- ops_record (entity, record_id, field) serves no query: the merge reads current state from `records`, pull reads
-- ops by (county, server_seq), duplicates are found by op_id. Every op append paid for maintaining it.
DROP INDEX ops_record;
