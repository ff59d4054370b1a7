// Projects the analysed view into GDS: NetnpAnalysed nodes and undirected NETNP_TIE with their weight.
//
// Parameters:
//   $graph: the projection's name. Example: "netnp-analysis"
//
// Returns: one row: graph, nodes, relationships.
// Mode: read
CALL gds.graph.project($graph, 'NetnpAnalysed',
  {NETNP_TIE: {type: 'NETNP_TIE', orientation: 'UNDIRECTED', properties: {weight: {property: 'weight', defaultValue: 1.0}}}})
YIELD graphName, nodeCount, relationshipCount
RETURN graphName AS graph, nodeCount AS nodes, relationshipCount AS relationships
