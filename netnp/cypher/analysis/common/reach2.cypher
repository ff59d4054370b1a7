// Writes reach: the number of other nodes within 2 hops (neighbours and neighbours of neighbours).
//
// Parameters:
//   $batch_size: nodes per transaction; transactions run concurrently and never write the same node or tie. Example: 5000
//
// Returns: one row: nodes.
// Mode: write
MATCH (n:NetnpAnalysed)
CALL (n) {
  SET n.netnp_reach2 = COUNT { MATCH (n)-[:NETNP_TIE*1..2]-(m) WHERE m <> n RETURN DISTINCT m }
} IN CONCURRENT TRANSACTIONS OF $batch_size ROWS
RETURN count(n) AS nodes
