// The name and kind of the entities with the given ids (ids no longer in the graph are left out).
//
// Parameters:
//   $ids: netnp ids. Example: ["p:1", "org:asso"]
//
// Returns: one row per entity: id, kind, name.
// Mode: read
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, [k IN labels(n) WHERE k IN ['Person', 'Organization', 'WebPage']][0] AS kind, n.name AS name
