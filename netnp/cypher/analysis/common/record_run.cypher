// Records a finished analysis run, last of its writes: its NetnpRun node, and the NetnpMeta "analysis:last" that results read.
// Until this write a run's chunks belong to no record, and no reader sees them (docs/analysis-results.md, "Runs").
// The run gets the next sequence number, which orders runs started in the same second. A label
// that another run holds fails the write, unless $replace, which deletes that run and its chunks
// in the same transaction.
//
// Parameters:
//   $record: the run's properties (JSON texts for nested values). Example: {"run_id": "run-2026-11-25T10:00:00Z-ab12", "label": "2025-Q4", "engine": "gds", "parameters": "{}", "versions": "{}", "started_at": "2026-11-25T10:00:00Z", "finished_at": "2026-11-25T10:00:04Z"}
//   $replace: whether a run holding the same label is deleted rather than refused. Example: false
//
// Returns: one row: run, sequence, replaced (the id of the run deleted for its label, or null).
// Mode: write
CALL apoc.util.validate(
  NOT $replace AND $record.label IS NOT NULL
    AND EXISTS { MATCH (other:NetnpRun {label: $record.label}) WHERE other.id <> $record.run_id },
  'the label %s is already used by another run', [$record.label])
OPTIONAL CALL () {
  MATCH (old:NetnpRun {label: $record.label})
  WHERE $replace AND old.id <> $record.run_id
  CALL (old) {
    MATCH (c:NetnpRunChunk {run: old.id})
    DELETE c
  }
  WITH old, old.id AS replaced
  DELETE old
  RETURN replaced
}
CALL () {
  OPTIONAL MATCH (r:NetnpRun)
  RETURN coalesce(max(r.sequence), 0) + 1 AS sequence
}
MERGE (run:NetnpRun {id: $record.run_id})
SET run = $record, run.id = $record.run_id, run.sequence = sequence
MERGE (m:NetnpMeta {key: 'analysis:last'})
SET m = $record, m.key = 'analysis:last', m.sequence = sequence
RETURN run.id AS run, sequence, replaced
