// Schema 6: a run's results are NetnpRunChunk nodes found by run id and part (docs/analysis-results.md, "Runs").
//
// Parameters: none
//
// Returns: nothing.
// Mode: write
CREATE INDEX netnp_run_chunk IF NOT EXISTS
FOR (c:NetnpRunChunk) ON (c.run, c.part)
