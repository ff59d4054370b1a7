// One round of the H-index operator (Lü et al. 2016): a node's estimate becomes the H-index of its neighbours' estimates.
// Started from the degrees, the rounds converge to the coreness of every node.
// Writes netnp_tmp_next; analysis/cypher/coreness_swap moves it into place.
//
// Parameters: none
//
// Returns: one row: nodes.
// Mode: write
MATCH (n:NetnpAnalysed)
CALL (n) {
  OPTIONAL MATCH (n)-[:NETNP_TIE]-(m)
  WITH m.netnp_tmp AS value ORDER BY value DESC
  WITH [v IN collect(value) WHERE v IS NOT NULL] AS values
  RETURN reduce(h = 0, i IN range(1, size(values)) | CASE WHEN values[i - 1] >= i THEN i ELSE h END) AS h_index
}
SET n.netnp_tmp_next = h_index
RETURN count(n) AS nodes
