// Deletes a run's NetnpRun record and leaves "analysis:last" naming it, as a damaged graph would.
//
// Parameters:
//   $run: the run's id. Example: "run-2026-11-25T10:00:00Z-ab12"
//
// Returns: one row: runs (deleted).
// Mode: write
MATCH (r:NetnpRun {id: $run})
DELETE r
RETURN count(*) AS runs
