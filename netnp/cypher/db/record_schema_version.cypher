// Records the schema version that `netnp db init` has applied.
//
// Parameters:
//   $version: number of the newest schema file applied. Example: 3
//   $netnp: version of netnp that applied it. Example: "0.1.0"
//
// Returns: one row: version.
// Mode: write
MERGE (m:NetnpMeta {key: 'schema'})
SET m.version = $version, m.applied_at = datetime(), m.netnp = $netnp
RETURN m.version AS version
