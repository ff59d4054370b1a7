// Writes the participation coefficient (Guimerà & Amaral 2005): 1 - sum over communities c of (k_ic / k_i)^2.
// k_i is the node's degree and k_ic its ties into community c; 0 when all its
// ties stay in one community, near 1 when they spread over many. Null for isolated nodes.
//
// Parameters:
//   $batch_size: nodes per transaction; transactions run concurrently and never write the same node or tie. Example: 10000
//
// Returns: one row: nodes.
// Mode: write
MATCH (n:NetnpAnalysed)
CALL (n) {
  OPTIONAL MATCH (n)-[:NETNP_TIE]-(m)
  WITH n, m.netnp_community AS c, count(m) AS k
  WITH n, collect(k) AS ks, sum(k) AS degree
  SET n.netnp_participation = CASE WHEN degree > 0
    THEN 1.0 - reduce(s = 0.0, k IN ks | s + (toFloat(k) / degree) ^ 2) END
} IN CONCURRENT TRANSACTIONS OF $batch_size ROWS
RETURN count(n) AS nodes
