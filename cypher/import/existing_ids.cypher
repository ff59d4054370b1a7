// Which of the given ids are already entities in the graph: the importer asks
// this for tie endpoints and alias targets that the imported files do not
// define, before it writes anything.
//
// Parameters:
//   $ids: the ids to look up. Example: ["p:ana", "o:asso", "p:nobody"]
//
// Returns: one row per id found: id.
// Mode: read
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id
