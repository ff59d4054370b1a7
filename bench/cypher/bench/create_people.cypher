// Creates Person entities for a benchmark graph, without merge checks (the database must not hold these ids yet).
//
// Parameters:
//   $rows: one map per node: id, name. Example: [{"id": "n:0", "name": "0"}]
//
// Returns: one row: nodes.
// Mode: write
UNWIND $rows AS row
CREATE (n:Entity:Person {id: row.id, name: row.name})
RETURN count(n) AS nodes
