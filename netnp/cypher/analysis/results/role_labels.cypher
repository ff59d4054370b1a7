// The nodes carrying each role label (Hub, Core, Periphery, Bridge), as Neo4j Browser sees them.
//
// Parameters: none
//
// Returns: one row per role: role, ids (sorted).
// Mode: read
UNWIND ['Hub', 'Core', 'Periphery', 'Bridge'] AS role
OPTIONAL MATCH (n:Entity)
WHERE role IN labels(n)
WITH role, n.id AS id ORDER BY id
RETURN role, [x IN collect(id) WHERE x IS NOT NULL] AS ids
