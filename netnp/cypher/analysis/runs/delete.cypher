// Deletes a recorded run and its chunks. When it was the last run, "analysis:last" then holds the record of the
// run before it (the highest sequence number left), or is deleted when no run is left.
//
// Parameters:
//   $run: the run's id. Example: "run-2026-11-25T10:00:00Z-ab12"
//
// Returns: at most one row: run, chunks (deleted), last (the run "analysis:last" names now, or null).
// Mode: write
MATCH (run:NetnpRun {id: $run})
CALL (run) {
  OPTIONAL MATCH (c:NetnpRunChunk {run: run.id})
  DELETE c
  RETURN count(c) AS chunks
}
WITH run, run.id AS id, chunks
DELETE run
WITH id, chunks
OPTIONAL MATCH (m:NetnpMeta {key: 'analysis:last'})
WITH id, chunks, m, m.run_id AS last_before
OPTIONAL CALL (m, id) {
  WITH m WHERE m.run_id = id
  OPTIONAL MATCH (previous:NetnpRun)
  WHERE previous.id <> id
  WITH m, previous
  ORDER BY coalesce(previous.sequence, -1) DESC, previous.started_at DESC, previous.id DESC
  LIMIT 1
  FOREACH (p IN CASE WHEN previous IS NULL THEN [] ELSE [previous] END |
    SET m = properties(p), m.key = 'analysis:last', m.run_id = p.id)
  FOREACH (_ IN CASE WHEN previous IS NULL THEN [1] ELSE [] END | DELETE m)
  RETURN previous.id AS previous
}
RETURN id AS run, chunks, CASE WHEN last_before = id THEN previous ELSE last_before END AS last
