// Clears the results of earlier analysis runs from the nodes: netnp_ properties and role labels.
// Removes the labels NetnpAnalysed, Hub, Core, Periphery and Bridge, and every
// netnp_ property netnp writes, so that a new run starts clean. User data is untouched.
//
// Parameters:
//   $batch_size: nodes per transaction; transactions run concurrently and never write the same node or tie. Example: 10000
//
// Returns: one row: cleared (nodes).
// Mode: write
MATCH (n:Entity)
WHERE n:NetnpAnalysed OR n:Hub OR n:Core OR n:Periphery OR n:Bridge
CALL (n) {
  REMOVE n:NetnpAnalysed, n:Hub, n:Core, n:Periphery, n:Bridge
  REMOVE n.netnp_run, n.netnp_degree, n.netnp_in_degree, n.netnp_out_degree, n.netnp_strength,
         n.netnp_pagerank, n.netnp_reach2, n.netnp_coreness, n.netnp_community, n.netnp_component,
         n.netnp_betweenness, n.netnp_constraint, n.netnp_effective_size, n.netnp_participation,
         n.netnp_articulation, n.netnp_roles, n.netnp_tmp, n.netnp_tmp_next
} IN CONCURRENT TRANSACTIONS OF $batch_size ROWS
RETURN count(n) AS cleared
