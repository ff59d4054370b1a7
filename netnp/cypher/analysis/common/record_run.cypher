// Records an analysis run on a NetnpMeta node: parameters, times, versions and whole-graph results.
// Written twice per run: under "analysis-run:<id>" and under "analysis:last".
//
// Parameters:
//   $key: the NetnpMeta key. Example: "analysis:last"
//   $record: the run's properties (JSON texts for nested values). Example: {"run_id": "run-2026-11-25T10:00:00Z-ab12", "engine": "gds", "parameters": "{}", "versions": "{}", "started_at": "2026-11-25T10:00:00Z", "finished_at": "2026-11-25T10:00:04Z"}
//
// Returns: one row: key.
// Mode: write
MERGE (m:NetnpMeta {key: $key})
SET m = $record, m.key = $key
RETURN m.key AS key
