// Creates KNOWS ties of weight 1.0 for a benchmark graph, without merge checks,
// so that loading the graph costs little beside what the benchmark measures.
//
// Parameters:
//   $rows: one map per tie: source, target (entity ids). Example: [{"source": "n:0", "target": "n:1"}]
//
// Returns: one row: ties.
// Mode: write
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
CREATE (a)-[r:KNOWS {weight: 1.0, channel: 'unspecified'}]->(b)
RETURN count(r) AS ties
