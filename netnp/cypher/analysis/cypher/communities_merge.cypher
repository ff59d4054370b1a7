// One sweep of Louvain's aggregation in pure Cypher: each community, largest first, merges into the neighbouring
// community with the largest positive modularity gain w_CD - tot_C tot_D / 2m.
// One community per transaction, so that each merge sees the ones before.
//
// Parameters: none
//
// Returns: one row: merged.
// Mode: write
CALL () {
  MATCH (x:NetnpAnalysed) RETURN sum(x.netnp_strength) AS two_m
}
MATCH (n:NetnpAnalysed)
WHERE two_m > 0
WITH two_m, n.netnp_community AS c, count(*) AS size
ORDER BY size DESC, c
CALL (c, two_m) {
  MATCH (a:NetnpAnalysed {netnp_community: c})
  WITH c, two_m, sum(a.netnp_strength) AS tot_c, collect(a) AS members
  WHERE size(members) > 0
  UNWIND members AS a
  MATCH (a)-[t:NETNP_TIE]-(b:NetnpAnalysed)
  WHERE b.netnp_community <> c
  WITH c, two_m, tot_c, members, b.netnp_community AS d, sum(t.weight) AS w_cd
  CALL (d) {
    MATCH (x:NetnpAnalysed {netnp_community: d}) RETURN sum(x.netnp_strength) AS tot_d
  }
  WITH c, members, d, w_cd - tot_c * tot_d / two_m AS gain
  ORDER BY gain DESC, d
  LIMIT 1
  WITH members, d, gain WHERE gain > 1e-12
  FOREACH (x IN members | SET x.netnp_community = d)
  RETURN 1 AS merged
} IN TRANSACTIONS OF 1 ROW
RETURN count(merged) AS merged
