// The recorded analysis runs, newest first (by sequence number, then start time).
//
// Parameters: none
//
// Returns: one row per run: record (the NetnpRun's properties).
// Mode: read
MATCH (r:NetnpRun)
RETURN properties(r) AS record
ORDER BY coalesce(r.sequence, -1) DESC, r.started_at DESC, r.id DESC
