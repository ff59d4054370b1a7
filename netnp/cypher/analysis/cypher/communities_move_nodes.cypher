// One sweep of Louvain's local moving phase (Blondel et al. 2008) in pure Cypher, node by node.
// Each node, strongest first, moves to the neighbouring community with the largest
// modularity gain k_i,C - tot_C k_i / 2m (tot_C excluding the node), if that
// beats staying. One node per transaction, so that each move sees the ones before.
//
// Parameters: none
//
// Returns: one row: moved.
// Mode: write
CALL () {
  MATCH (x:NetnpAnalysed) RETURN sum(x.netnp_strength) AS two_m
}
MATCH (n:NetnpAnalysed)
WHERE two_m > 0 AND n.netnp_strength > 0
WITH two_m, n ORDER BY n.netnp_strength DESC, n.id
CALL (n, two_m) {
  MATCH (n)-[t:NETNP_TIE]-(m)
  WITH n, two_m, m.netnp_community AS c, sum(t.weight) AS k_in
  WITH n, two_m, collect({c: c, k_in: k_in}) AS candidates
  WITH n, two_m, candidates + CASE WHEN any(x IN candidates WHERE x.c = n.netnp_community) THEN []
                                  ELSE [{c: n.netnp_community, k_in: 0.0}] END AS candidates
  UNWIND candidates AS candidate
  CALL (n, candidate) {
    MATCH (x:NetnpAnalysed {netnp_community: candidate.c}) WHERE x <> n
    RETURN coalesce(sum(x.netnp_strength), 0.0) AS tot
  }
  WITH n, candidate.c AS c, candidate.k_in - tot * n.netnp_strength / two_m AS gain
  WITH n, collect({c: c, gain: gain}) AS gains
  WITH n, [g IN gains WHERE g.c = n.netnp_community][0].gain AS stay,
       reduce(best = null, g IN gains | CASE WHEN best IS NULL OR g.gain > best.gain
                                            OR (g.gain = best.gain AND g.c < best.c) THEN g ELSE best END) AS best
  WITH n, best, best.gain > stay + 1e-12 AS move
  SET n.netnp_community = CASE WHEN move THEN best.c ELSE n.netnp_community END
  RETURN CASE WHEN move THEN 1 ELSE 0 END AS moved
} IN TRANSACTIONS OF 1 ROW
RETURN sum(moved) AS moved
