// Writes Burt's constraint and effective size (Burt 1992), the structural-hole measures of brokerage.
// Constraint c_i = sum over neighbours j of (p_ij + sum over other neighbours q of p_iq p_qj)^2,
// where p_ij = w_ij / strength_i is the share of i's tie weight spent on j (as networkx,
// for undirected ties). Effective size = n - 2t/n (Borgatti 1997), with n neighbours
// and t ties among them. Both are null for isolated nodes.
// It reads what analysis/common/tie_measures wrote on each tie: the inner sum is
// netnp_indirect / strength_i, and 2t is the sum of netnp_common over i's ties.
//
// Parameters:
//   $batch_size: nodes per transaction; transactions run concurrently and never write the same node or tie. Example: 2000
//
// Returns: one row: nodes.
// Mode: write
MATCH (i:NetnpAnalysed)
CALL (i) {
  OPTIONAL MATCH (i)-[t:NETNP_TIE]-()
  WITH i, count(t) AS n, sum(((t.weight + t.netnp_indirect) / i.netnp_strength) ^ 2) AS constraint,
       sum(t.netnp_common) AS twice_t
  SET i.netnp_constraint = CASE WHEN n > 0 THEN constraint END,
      i.netnp_effective_size = CASE WHEN n > 0 THEN n - toFloat(twice_t) / n END
} IN CONCURRENT TRANSACTIONS OF $batch_size ROWS
RETURN count(i) AS nodes
