// Writes degree, weighted degree (strength) and, for directed analyses, in- and out-degree.
// Degree counts distinct neighbours in the analysed view (parallel ties count once);
// strength sums the weights of the ties. In- and out-degree count NETNP_ARC arcs
// and are null when the analysis is undirected.
//
// Parameters:
//   $directed: whether ties have a direction. Example: false
//   $batch_size: nodes per transaction; transactions run concurrently and never write the same node or tie. Example: 10000
//
// Returns: one row: nodes.
// Mode: write
MATCH (n:NetnpAnalysed)
CALL (n) {
  OPTIONAL MATCH (n)-[t:NETNP_TIE]-()
  WITH n, count(t) AS degree, sum(t.weight) AS strength
  SET n.netnp_degree = degree, n.netnp_strength = toFloat(strength),
      n.netnp_in_degree = CASE WHEN $directed THEN COUNT { (n)<-[:NETNP_ARC]-() } END,
      n.netnp_out_degree = CASE WHEN $directed THEN COUNT { (n)-[:NETNP_ARC]->() } END
} IN CONCURRENT TRANSACTIONS OF $batch_size ROWS
RETURN count(n) AS nodes
