// Deletes the debris of interrupted runs: the chunks of runs that have no NetnpRun record, except those of run $run.
// A run writes its record last, so chunks without one belong to a run that stopped before
// it finished; the caller holds the analysis lock, so no other run is writing.
//
// Parameters:
//   $run: the id of the run being written, whose chunks are kept, or null. Example: "run-2026-11-25T10:00:00Z-ab12"
//
// Returns: one row per interrupted run: run, chunks (deleted).
// Mode: write
MATCH (c:NetnpRunChunk)
WHERE ($run IS NULL OR c.run <> $run) AND NOT EXISTS { MATCH (:NetnpRun {id: c.run}) }
WITH c.run AS run, collect(c) AS chunks
FOREACH (c IN chunks | DELETE c)
RETURN run, size(chunks) AS chunks
ORDER BY run
