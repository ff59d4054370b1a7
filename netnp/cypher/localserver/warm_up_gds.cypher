// Runs the analysis's GDS algorithms once on a small ring of numbers, so that a new server has loaded and compiled them.
// Projects integers, not nodes of the graph: nothing of the database is read or
// written. The projection is named $graph and dropped at the end.
//
// Parameters:
//   $graph: the projection's name (unique to this warm-up). Example: "netnp-warm-up-1a2b"
//
// Returns: one row: nodes.
// Mode: write
UNWIND range(0, 63) AS i
UNWIND [[i, (i + 1) % 64, 'TIE'], [i, (i + 7) % 64, 'TIE'], [i, (i + 3) % 64, 'ARC']] AS rel
WITH gds.graph.project($graph, rel[0], rel[1], {relationshipType: rel[2], relationshipProperties: {weight: 1.0}},
                       {undirectedRelationshipTypes: ['TIE']}) AS g
CALL gds.wcc.mutate(g.graphName, {relationshipTypes: ['TIE'], mutateProperty: 'component'}) YIELD componentCount
CALL gds.pageRank.mutate(g.graphName, {relationshipTypes: ['TIE'], relationshipWeightProperty: 'weight', scaler: 'L1Norm',
                                       mutateProperty: 'pagerank'}) YIELD ranIterations
CALL gds.kcore.mutate(g.graphName, {relationshipTypes: ['TIE'], mutateProperty: 'coreness'}) YIELD degeneracy
CALL gds.leiden.mutate(g.graphName, {relationshipTypes: ['TIE'], relationshipWeightProperty: 'weight',
                                     mutateProperty: 'community', randomSeed: 42}) YIELD communityCount
CALL gds.betweenness.mutate(g.graphName, {relationshipTypes: ['TIE'], mutateProperty: 'betweenness'})
YIELD nodePropertiesWritten AS betweenness
CALL gds.articulationPoints.mutate(g.graphName, {relationshipTypes: ['TIE'], mutateProperty: 'articulation'})
YIELD articulationPointCount
CALL (g) {
  CALL gds.bridges.stream(g.graphName, {relationshipTypes: ['TIE']}) YIELD from
  RETURN count(from) AS bridges
}
CALL (g) {
  CALL gds.graph.nodeProperties.stream(g.graphName, ['component', 'pagerank']) YIELD nodeId
  RETURN count(nodeId) AS streamed
}
CALL gds.graph.drop(g.graphName, false) YIELD graphName
RETURN g.nodeCount AS nodes
