// Weighted modularity of the community assignment (Newman 2006): Q = L_in/m - sum over communities of (S_c/2m)^2.
// L_in is the weight of ties whose two ends share a community, S_c the total
// strength of community c's members, m the total weight of all ties in the
// analysed view. One pass over the ties and one over the nodes, so that the
// cost does not grow with the number of communities.
//
// Parameters: none
//
// Returns: one row: modularity (null without ties or communities), communities.
// Mode: read
CALL () {
  MATCH (a:NetnpAnalysed)-[t:NETNP_TIE]->(b:NetnpAnalysed)
  RETURN sum(t.weight) AS m,
         sum(CASE WHEN a.netnp_community = b.netnp_community THEN t.weight ELSE 0.0 END) AS inside
}
CALL () {
  MATCH (n:NetnpAnalysed)
  WHERE n.netnp_community IS NOT NULL
  WITH n.netnp_community AS c, sum(n.netnp_strength) AS strength
  RETURN count(c) AS communities, sum(strength * strength) AS squares
}
RETURN CASE WHEN m > 0 AND communities > 0 THEN inside / m - squares / (4.0 * m * m) END AS modularity,
       communities
