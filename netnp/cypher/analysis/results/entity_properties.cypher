// All properties of one entity, netnp_ results and user data alike, for inspection.
//
// Parameters:
//   $id: the entity's id. Example: "p:1"
//
// Returns: at most one row: labels, properties.
// Mode: read
MATCH (n:Entity {id: $id})
RETURN labels(n) AS labels, properties(n) AS properties
