// Deletes entities with their ties, and the ties between given pairs of entities: a network that changes between runs.
//
// Parameters:
//   $ids: ids of the entities to delete. Example: ["n:7"]
//   $pairs: pairs of entity ids whose ties are deleted. Example: [["n:1", "n:2"]]
//
// Returns: one row: deleted (ties between the pairs).
// Mode: write
CALL () {
  UNWIND $pairs AS pair
  MATCH (:Entity {id: pair[0]})-[r]-(:Entity {id: pair[1]})
  DELETE r
  RETURN count(r) AS deleted
}
CALL () {
  UNWIND $ids AS id
  MATCH (e:Entity {id: id})
  DETACH DELETE e
}
RETURN deleted
