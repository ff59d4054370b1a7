// Estimates the memory of GDS betweenness (the most demanding algorithm netnp runs) on a graph of the given size.
//
// Parameters:
//   $node_count: nodes. Example: 1000
//   $relationship_count: relationships. Example: 5000
//
// Returns: one row: required (human-readable), bytes_max, heap_percentage_max.
// Mode: read
CALL gds.betweenness.write.estimate({nodeCount: $node_count, relationshipCount: $relationship_count,
                                     nodeProjection: '*', relationshipProjection: '*'},
                                    {writeProperty: 'netnp_betweenness'})
YIELD requiredMemory, bytesMax, heapPercentageMax
RETURN requiredMemory AS required, bytesMax AS bytes_max, heapPercentageMax AS heap_percentage_max
