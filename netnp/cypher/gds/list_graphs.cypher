// Graph Data Science projections held in memory (needs the GDS plugin).
//
// Parameters: none
//
// Returns: one row per projection: name, nodes, ties, memory (human-readable).
// Mode: read
CALL gds.graph.list() YIELD graphName, nodeCount, relationshipCount, memoryUsage
RETURN graphName AS name, nodeCount AS nodes, relationshipCount AS ties, memoryUsage AS memory
