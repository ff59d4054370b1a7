// Which of the given ids are already entities in the graph, and their element
// ids: the importer asks this for tie endpoints and alias targets that the
// imported files do not define, before it writes anything; the writer asks it
// for the endpoints of ties whose entities it did not write itself. The tie
// modules (import/create_ties, import/write_ties, import/merge_ties) find
// their endpoints by element id.
//
// Parameters:
//   $ids: the ids to look up. Example: ["p:ana", "o:asso", "p:nobody"]
//
// Returns: one row per id found: id, node (its element id).
// Mode: read
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, elementId(n) AS node
