// The schema version applied by `netnp db init`, with when and by which netnp.
//
// Parameters: none
//
// Returns: at most one row: version (integer), applied_at (datetime),
//   netnp (version of netnp that applied it). No row: no schema yet.
// Mode: read
MATCH (m:NetnpMeta {key: 'schema'})
RETURN m.version AS version, m.applied_at AS applied_at, m.netnp AS netnp
