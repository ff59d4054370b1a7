// Deletes benchmark entities and their ties: people who left between two runs.
//
// Parameters:
//   $ids: ids of the entities to delete. Example: ["n:7"]
//
// Returns: one row: deleted.
// Mode: write
UNWIND $ids AS id
MATCH (n:Entity {id: id})
DETACH DELETE n
RETURN count(*) AS deleted
