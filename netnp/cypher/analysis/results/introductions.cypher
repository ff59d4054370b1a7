// Hubs and bridges the focal node has no tie with, each with the strongest introduction path through existing ties.
// Candidates are analysed nodes with the role Hub or Bridge, not the focus and not
// its neighbours, in its component; best first by PageRank.
// The introducer is the common contact m on the strongest two-step path focus - m - candidate:
// a path is as short as the sum of 1/weight over its ties (Newman 2001; Opsahl et al. 2010), so
// its strength is 1 / (1/w1 + 1/w2), half the harmonic mean of its two tie weights: a strong tie
// cannot make up for a very weak one, but of two paths with the same weaker tie, the one
// whose other tie is stronger wins. Ties are broken by the product w1 * w2, then the
// introducer's PageRank and id. A tie of weight 0 or less gives a path of strength 0.
// A person or organisation introduces before any web page, which cannot make an introduction.
// A candidate with no common contact gets a shortest path (fewest ties), and a null strength.
//
// Parameters:
//   $focus: id of the focal node. Example: "org:asso"
//   $limit: most introductions to return. Example: 10
//
// Returns: one row per candidate: id, name, roles, path (list of {id, name}), weights (of the path's ties), strength.
// Mode: read
MATCH (f:Entity {id: $focus})
WHERE f:NetnpAnalysed
MATCH (c:NetnpAnalysed)
WHERE (c:Hub OR c:Bridge) AND c <> f AND NOT EXISTS { (f)-[:NETNP_TIE]-(c) }
  AND (f.netnp_component IS NULL OR c.netnp_component = f.netnp_component)
WITH f, c ORDER BY c.netnp_pagerank DESC, c.id
LIMIT $limit * 3
OPTIONAL CALL (f, c) {
  MATCH (f)-[a:NETNP_TIE]-(m:NetnpAnalysed)-[b:NETNP_TIE]-(c)
  WITH m, a.weight AS w1, b.weight AS w2
  WITH m, w1, w2, CASE WHEN w1 > 0 AND w2 > 0 THEN 1.0 / (1.0 / w1 + 1.0 / w2) ELSE 0.0 END AS strength
  ORDER BY m:WebPage, strength DESC, w1 * w2 DESC, m.netnp_pagerank DESC, m.id
  LIMIT 1
  RETURN m, [w1, w2] AS two_step_weights, strength
}
OPTIONAL CALL (f, c, m) {
  WITH f, c WHERE m IS NULL
  MATCH p = shortestPath((f)-[:NETNP_TIE*]-(c))
  RETURN nodes(p) AS far, [r IN relationships(p) | r.weight] AS far_weights
}
WITH c, CASE WHEN m IS NULL THEN far ELSE [f, m, c] END AS path,
     CASE WHEN m IS NULL THEN far_weights ELSE two_step_weights END AS weights, strength
WHERE path IS NOT NULL
RETURN c.id AS id, c.name AS name, c.netnp_roles AS roles,
       [x IN path | {id: x.id, name: x.name}] AS path, weights, strength
ORDER BY c.netnp_pagerank DESC, c.id
LIMIT $limit
