// The records of every kept analysis run (NetnpRun nodes), oldest first.
// Growth finds the runs it compares here, by id or label, and orders a series of
// snapshots by their windows.
//
// Parameters: none
//
// Returns: one row per run: record (a map of the run's properties: id, run_id, label when given, started_at, parameters as JSON text, ...).
// Mode: read
MATCH (r:NetnpRun)
RETURN properties(r) AS record
ORDER BY r.started_at, r.id
