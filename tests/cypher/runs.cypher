// The kept analysis runs, oldest first.
//
// Parameters: none
//
// Returns: one row per run: id, engine, nodes, pairs.
// Mode: read
MATCH (r:NetnpRun)
RETURN r.id AS id, r.engine AS engine, r.nodes AS nodes, r.pairs AS pairs
ORDER BY r.started_at, r.id
