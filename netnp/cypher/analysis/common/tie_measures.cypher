// Writes each NETNP_TIE's measures: common neighbours, overlap, local bridge, spans clusters, and the two-step weight of Burt's constraint.
// One pass over each tie's common neighbours q (the triangles it closes) gives:
//   netnp_common = n_ij, the common neighbours of its ends (its embeddedness);
//   netnp_overlap = n_ij / ((k_i - 1) + (k_j - 1) - n_ij), the neighbourhood overlap
//     (Onnela et al. 2007), with k the degrees; 0 when the denominator is 0;
//   netnp_local_bridge = (n_ij = 0): no common neighbour (Granovetter 1973);
//   netnp_spans_clusters: the ends lie in different communities (null without communities);
//   netnp_indirect = sum over q of w_iq * w_qj / strength_q, so that Burt's indirect
//     share from i to j is netnp_indirect / strength_i (analysis/common/structural_holes).
//
// Parameters:
//   $batch_size: nodes per transaction; one transaction at a time (concurrent ones, though they never set the same tie, deadlocked on the nodes of hubs). Example: 2000
//
// Returns: one row: ties.
// Mode: write
MATCH (a:NetnpAnalysed)
CALL (a) {
  MATCH (a)-[t:NETNP_TIE]->(b)
  CALL (a, b) {
    OPTIONAL MATCH (a)-[taq:NETNP_TIE]-(q)-[tqb:NETNP_TIE]-(b)
    WHERE q <> a AND q <> b
    RETURN count(q) AS common, coalesce(sum(taq.weight * tqb.weight / q.netnp_strength), 0.0) AS indirect
  }
  WITH a, b, t, common, indirect, (a.netnp_degree - 1) + (b.netnp_degree - 1) - common AS denominator
  SET t.netnp_common = common,
      t.netnp_indirect = indirect,
      t.netnp_overlap = CASE WHEN denominator > 0 THEN toFloat(common) / denominator ELSE 0.0 END,
      t.netnp_local_bridge = common = 0,
      t.netnp_spans_clusters = CASE WHEN a.netnp_community IS NULL OR b.netnp_community IS NULL THEN null
                                    ELSE a.netnp_community <> b.netnp_community END
  RETURN count(t) AS ties
} IN TRANSACTIONS OF $batch_size ROWS
RETURN sum(ties) AS ties
