// Ties among a chosen set of entities, for the report's network view.
// The view draws the backbone of a large graph (its top nodes by PageRank)
// and the ties between them. Ties in both directions between the same two
// entities are returned as they are; the report merges them. The analyses'
// own relationships (types starting with NETNP_) are not ties and are left out.
//
// Parameters:
//   $ids: ids of the entities in the backbone. Example: ["p:ana", "o:asso", "p:zoe"]
//   $limit: the most ties to return, strongest first. Example: 20000
//
// Returns: one row per tie: source, target, type, weight.
// Mode: read
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r]->(b:Entity)
WHERE b.id IN $ids AND NOT type(r) STARTS WITH 'NETNP_'
RETURN a.id AS source, b.id AS target, type(r) AS type, coalesce(r.weight, 1.0) AS weight
ORDER BY weight DESC, source, target
LIMIT $limit
