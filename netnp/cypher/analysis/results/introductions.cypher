// Hubs and bridges the focal node has no tie with, each with the shortest introduction path through existing ties.
// Candidates are analysed nodes with the role Hub or Bridge, not the focus and not
// its neighbours, reachable from it; best first by PageRank. Paths follow the user's
// ties between analysed nodes.
//
// Parameters:
//   $focus: id of the focal node. Example: "org:asso"
//   $limit: most introductions to return. Example: 10
//
// Returns: one row per candidate: id, name, roles, path (list of {id, name}).
// Mode: read
MATCH (f:Entity {id: $focus})
WHERE f:NetnpAnalysed
MATCH (c:NetnpAnalysed)
WHERE (c:Hub OR c:Bridge) AND c <> f AND NOT EXISTS { (f)--(c) }
  AND (f.netnp_component IS NULL OR c.netnp_component = f.netnp_component)
WITH f, c ORDER BY c.netnp_pagerank DESC, c.id
LIMIT $limit * 3
MATCH p = shortestPath((f)-[*]-(c))
WHERE all(x IN nodes(p) WHERE x:NetnpAnalysed)
RETURN c.id AS id, c.name AS name, c.netnp_roles AS roles,
       [x IN nodes(p) | {id: x.id, name: x.name}] AS path
ORDER BY c.netnp_pagerank DESC, c.id
LIMIT $limit
