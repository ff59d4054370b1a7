// Test support: deletes the record of the schema version, as on a server
// where nobody ran `netnp db init`. Never part of netnp itself.
//
// Parameters: none
//
// Returns: one row: forgotten (how many records were deleted).
// Mode: write
MATCH (m:NetnpMeta {key: 'schema'})
DELETE m
RETURN count(*) AS forgotten
