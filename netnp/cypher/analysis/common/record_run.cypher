// Records an analysis run: a NetnpRun node per run, kept, and the NetnpMeta "analysis:last" that results read.
// Both hold the run's parameters, times, versions and whole-graph results; the
// run's per-node, per-pair and per-community results are its NetnpRunChunk nodes
// (docs/analysis-results.md, "Runs").
//
// Parameters:
//   $record: the run's properties (JSON texts for nested values). Example: {"run_id": "run-2026-11-25T10:00:00Z-ab12", "engine": "gds", "parameters": "{}", "versions": "{}", "started_at": "2026-11-25T10:00:00Z", "finished_at": "2026-11-25T10:00:04Z"}
//
// Returns: one row: run.
// Mode: write
MERGE (run:NetnpRun {id: $record.run_id})
SET run = $record, run.id = $record.run_id
MERGE (m:NetnpMeta {key: 'analysis:last'})
SET m = $record, m.key = 'analysis:last'
RETURN run.id AS run
