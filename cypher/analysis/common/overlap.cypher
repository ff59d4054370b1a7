// Writes neighbourhood overlap on each NETNP_TIE (Onnela et al. 2007), local bridges and ties spanning clusters.
// O_ij = n_ij / ((k_i - 1) + (k_j - 1) - n_ij), with n_ij the common neighbours
// and k the degrees; 0 when the denominator is 0. A local bridge has no common
// neighbour (Granovetter 1973). spans_clusters is true when the ends lie in
// different communities (null without communities).
//
// Parameters:
//   $batch_size: nodes per transaction; one transaction at a time (concurrent ones, though they never set the same tie, deadlocked on the nodes of hubs). Example: 2000
//
// Returns: one row: ties.
// Mode: write
MATCH (a:NetnpAnalysed)
CALL (a) {
  MATCH (a)-[t:NETNP_TIE]->(b)
  WITH a, b, t, COUNT { (a)-[:NETNP_TIE]-(c)-[:NETNP_TIE]-(b) WHERE c <> a AND c <> b } AS common
  WITH a, b, t, common, (a.netnp_degree - 1) + (b.netnp_degree - 1) - common AS denominator
  SET t.netnp_overlap = CASE WHEN denominator > 0 THEN toFloat(common) / denominator ELSE 0.0 END,
      t.netnp_local_bridge = common = 0,
      t.netnp_spans_clusters = CASE WHEN a.netnp_community IS NULL OR b.netnp_community IS NULL THEN null
                                    ELSE a.netnp_community <> b.netnp_community END
  RETURN count(t) AS ties
} IN TRANSACTIONS OF $batch_size ROWS
RETURN sum(ties) AS ties
