// Weighted modularity of the community assignment (Newman 2006): Q = sum over communities of L_c/m - (S_c/2m)^2.
// L_c is the weight of ties inside community c, S_c the total strength of its
// members, m the total weight of all ties in the analysed view.
//
// Parameters: none
//
// Returns: one row: modularity (null without ties or communities), communities.
// Mode: read
CALL () {
  MATCH (:NetnpAnalysed)-[t:NETNP_TIE]->(:NetnpAnalysed)
  RETURN sum(t.weight) AS m
}
CALL () {
  MATCH (n:NetnpAnalysed) WHERE n.netnp_community IS NOT NULL
  RETURN n.netnp_community AS c, sum(n.netnp_strength) AS strength
}
CALL (c) {
  MATCH (a:NetnpAnalysed {netnp_community: c})-[t:NETNP_TIE]->(b:NetnpAnalysed {netnp_community: c})
  RETURN coalesce(sum(t.weight), 0.0) AS inside
}
WITH m, count(c) AS communities, sum(CASE WHEN m > 0 THEN inside / m - (strength / (2.0 * m)) ^ 2 END) AS q
RETURN CASE WHEN m > 0 AND communities > 0 THEN q END AS modularity, communities
