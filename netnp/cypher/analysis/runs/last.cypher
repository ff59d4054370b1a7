// The last complete run: the id NetnpMeta "analysis:last" names, and that run's record (null when it is not recorded).
//
// Parameters: none
//
// Returns: one row: last (the run id, or null when no analysis ran), record (the NetnpRun's properties, or null).
// Mode: read
OPTIONAL MATCH (m:NetnpMeta {key: 'analysis:last'})
OPTIONAL MATCH (r:NetnpRun {id: m.run_id})
RETURN m.run_id AS last, properties(r) AS record
