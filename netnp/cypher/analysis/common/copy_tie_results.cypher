// Copies the tie results of the analysed view (overlap, local bridge, spans clusters, bridge) onto the user's own ties.
// Every tie in scope between two nodes gets the values of their NETNP_TIE, as
// netnp_ properties, so that Browser shows them on the ties the user knows.
//
// Parameters:
//   $batch_size: NETNP_TIE per transaction; one transaction at a time (concurrent ones, though they never set the same tie, deadlocked on the nodes of hubs). Example: 5000
//
// Returns: one row: ties (user ties updated).
// Mode: write
MATCH (a:NetnpAnalysed)-[t:NETNP_TIE]->(b:NetnpAnalysed)
CALL (a, b, t) {
  MATCH (a)-[r]-(b)
  WHERE type(r) IN t.types
  SET r.netnp_overlap = t.netnp_overlap, r.netnp_local_bridge = t.netnp_local_bridge,
      r.netnp_spans_clusters = t.netnp_spans_clusters, r.netnp_bridge = coalesce(t.netnp_bridge, false)
  RETURN count(r) AS ties
} IN TRANSACTIONS OF $batch_size ROWS
RETURN sum(ties) AS ties
