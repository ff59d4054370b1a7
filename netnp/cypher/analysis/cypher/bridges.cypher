// Marks bridges in pure Cypher: a NETNP_TIE is one when no other path joins its two ends (netnp_bridge true).
// Only ties whose ends share no neighbour can be bridges, so only those are searched.
//
// Parameters: none
//
// Returns: one row: bridges.
// Mode: write
MATCH (a:NetnpAnalysed)-[t:NETNP_TIE]->(b:NetnpAnalysed)
WHERE NOT EXISTS { (a)-[:NETNP_TIE]-(c)-[:NETNP_TIE]-(b) }
OPTIONAL MATCH p = shortestPath((a)-[:NETNP_TIE*]-(b))
WHERE all(r IN relationships(p) WHERE r <> t)
WITH t, p IS NULL AS bridge
SET t.netnp_bridge = bridge
RETURN sum(CASE WHEN bridge THEN 1 ELSE 0 END) AS bridges
