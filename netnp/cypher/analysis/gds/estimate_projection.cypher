// Estimates the memory a GDS projection of the analysis scope would need, before creating it.
//
// Parameters:
//   $node_count: nodes to project. Example: 1000
//   $relationship_count: relationships to project. Example: 5000
//
// Returns: one row: required (human-readable), bytes_max, heap_percentage_max.
// Mode: read
CALL gds.graph.project.estimate('*', '*', {nodeCount: $node_count, relationshipCount: $relationship_count})
YIELD requiredMemory, bytesMax, heapPercentageMax
RETURN requiredMemory AS required, bytesMax AS bytes_max, heapPercentageMax AS heap_percentage_max
