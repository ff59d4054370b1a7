// The node chunks of one run: the parallel arrays of its analysed nodes, in chunk order.
// Entry i of every array is about the same node (docs/analysis-results.md, "Runs");
// an array the run did not compute is null.
//
// Parameters:
//   $run: the run's id. Example: "run-2026-11-25T10:00:00Z-ab12"
//
// Returns: one row per chunk: index, id, degree, coreness, community, component, pagerank.
// Mode: read
MATCH (c:NetnpRunChunk {run: $run, part: 'nodes'})
RETURN c.index AS index, c.id AS id, c.degree AS degree, c.coreness AS coreness, c.community AS community,
       c.component AS component, c.pagerank AS pagerank
ORDER BY index
