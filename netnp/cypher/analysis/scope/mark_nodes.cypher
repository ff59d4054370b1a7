// Marks the nodes in the analysis scope with the label NetnpAnalysed and the run id.
// A node is in scope when it has one of the chosen kinds (Person, Organization, WebPage).
//
// Parameters:
//   $kinds: node kinds in scope. Example: ["Person", "Organization", "WebPage"]
//   $run: the run id. Example: "run-2026-11-25T10:00:00Z-ab12"
//   $batch_size: nodes per transaction; transactions run concurrently and never write the same node or tie. Example: 10000
//
// Returns: one row per kind: kind, nodes.
// Mode: write
MATCH (n:Entity)
WHERE any(kind IN labels(n) WHERE kind IN $kinds)
CALL (n) {
  SET n:NetnpAnalysed, n.netnp_run = $run
} IN CONCURRENT TRANSACTIONS OF $batch_size ROWS
WITH [kind IN labels(n) WHERE kind IN $kinds][0] AS kind
RETURN kind, count(*) AS nodes
