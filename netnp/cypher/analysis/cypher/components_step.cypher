// One round of minimum-label propagation: each node takes the smallest label among itself and its neighbours.
// Repeated until nothing changes, every connected component carries one label.
//
// Parameters: none
//
// Returns: one row: changed.
// Mode: write
MATCH (n:NetnpAnalysed)
CALL (n) {
  OPTIONAL MATCH (n)-[:NETNP_TIE]-(m)
  WITH n, min(m.netnp_component) AS smallest
  RETURN CASE WHEN smallest IS NOT NULL AND smallest < n.netnp_component THEN smallest ELSE n.netnp_component END AS label
}
WITH n, label, label <> n.netnp_component AS changed
SET n.netnp_component = label
RETURN sum(CASE WHEN changed THEN 1 ELSE 0 END) AS changed
