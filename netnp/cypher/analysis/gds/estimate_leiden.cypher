// Estimates the memory of GDS Leiden (the most demanding algorithm netnp runs in GDS) on a graph of the given size.
//
// Parameters:
//   $node_count: nodes. Example: 1000
//   $relationship_count: relationships. Example: 5000
//
// Returns: one row: required (human-readable), bytes_max, heap_percentage_max.
// Mode: read
CALL gds.leiden.mutate.estimate({nodeCount: $node_count, relationshipCount: $relationship_count,
                                 nodeProjection: '*', relationshipProjection: '*'},
                                {mutateProperty: 'community'})
YIELD requiredMemory, bytesMax, heapPercentageMax
RETURN requiredMemory AS required, bytesMax AS bytes_max, heapPercentageMax AS heap_percentage_max
