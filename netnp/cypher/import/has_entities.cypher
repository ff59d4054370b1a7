// Whether the graph holds any entity at all (read from Neo4j's count store, in
// constant time). Into a graph without entities, the importer creates the
// entities whose id no earlier row of the import had with
// import/create_entities, without the look-up and lock of MERGE.
//
// Parameters: none
//
// Returns: one row: has_entities (true or false).
// Mode: read
MATCH (n:Entity)
RETURN count(n) > 0 AS has_entities
