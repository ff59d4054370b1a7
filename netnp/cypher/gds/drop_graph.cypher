// Drops one Graph Data Science projection, if it exists, to free its memory.
//
// Parameters:
//   $name: the projection's name. Example: "netnp-analysis"
//
// Returns: at most one row: name.
// Mode: write
CALL gds.graph.drop($name, false) YIELD graphName
RETURN graphName AS name
