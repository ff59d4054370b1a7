// Which of some ids are people's, with their names: what `--anonymise`
// replaces by pseudonyms in a report.
//
// Parameters:
//   $ids: the ids a document names. Example: ["p:ana", "org:asso"]
//
// Returns: one row per person: id, name.
// Mode: read
UNWIND $ids AS id
MATCH (n:Entity:Person {id: id})
RETURN n.id AS id, n.name AS name
