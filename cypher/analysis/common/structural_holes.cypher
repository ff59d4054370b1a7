// Writes Burt's constraint and effective size (Burt 1992), the structural-hole measures of brokerage.
// Constraint c_i = sum over neighbours j of (p_ij + sum over other neighbours q of p_iq p_qj)^2,
// where p_ij = w_ij / strength_i is the share of i's tie weight spent on j (as networkx,
// for undirected ties). Effective size = n - 2t/n (Borgatti 1997), with n neighbours
// and t ties among them. Both are null for isolated nodes.
//
// Parameters:
//   $batch_size: nodes per transaction; transactions run concurrently and never write the same node or tie. Example: 2000
//
// Returns: one row: nodes.
// Mode: write
MATCH (i:NetnpAnalysed)
CALL (i) {
  OPTIONAL MATCH (i)-[tij:NETNP_TIE]-(j)
  WITH i, j, tij.weight / i.netnp_strength AS pij
  CALL (i, j) {
    OPTIONAL MATCH (i)-[tiq:NETNP_TIE]-(q)-[tqj:NETNP_TIE]-(j)
    WHERE q <> i AND q <> j
    RETURN coalesce(sum((tiq.weight / i.netnp_strength) * (tqj.weight / q.netnp_strength)), 0.0) AS indirect,
           count(q) AS shared
  }
  WITH i, count(j) AS n, sum((pij + indirect) ^ 2) AS constraint, sum(shared) AS twice_t
  SET i.netnp_constraint = CASE WHEN n > 0 THEN constraint END,
      i.netnp_effective_size = CASE WHEN n > 0 THEN n - toFloat(twice_t) / n END
} IN CONCURRENT TRANSACTIONS OF $batch_size ROWS
RETURN count(i) AS nodes
