// The record of the last analysis run (NetnpMeta "analysis:last"), or no row if none ran.
//
// Parameters: none
//
// Returns: at most one row: record (a map of the run's properties).
// Mode: read
MATCH (m:NetnpMeta {key: 'analysis:last'})
RETURN properties(m) AS record
