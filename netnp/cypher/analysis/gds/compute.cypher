// Projects the analysed graph into GDS, computes its node measures there, reads them back and drops the
// projection, in one query (nothing is written to the graph).
// The graph is the one analysis/scope/pairs read: nodes 0 … $nodes - 1, each pair
// once as an undirected TIE with its summed weight, and for directed runs each
// ordered pair with ties as an ARC. The projection is a Cypher aggregation
// (gds.graph.project as an aggregation function) of those numbers, so the scope is
// read once, by analysis/scope/pairs. The algorithms then add their results to the
// projection (mutate), whence the end of the query reads them, numbered as the nodes (0 … $nodes - 1):
//   component (weakly connected components), pagerank (Brin & Page 1998, weighted,
//   on ARC when directed, scaled to sum 1 as networkx), and, when $steps asks:
//   coreness (k-core, Batagelj & Zaversnik 2003), community (Leiden, Traag et al. 2019,
//   weighted), articulation (Tarjan 1974). Betweenness is computed in the client, whose
//   igraph was the faster on every graph measured (docs/analysis-performance.md).
// Bridges (Tarjan 1974), which GDS only streams, come back as pairs of node numbers.
// The projection is dropped at the end; a caller that sees this query fail drops it (gds/drop_graph).
// Progress logging is off (logProgress: false): on small graphs, logging each procedure's progress
// took longer than the algorithm.
//
// Parameters:
//   $graph: the projection's name. Example: "netnp-analysis"
//   $nodes: how many nodes the graph has. Example: 3
//   $source: each pair's first node. Example: [0, 1]
//   $target: each pair's second node. Example: [1, 2]
//   $weight: each pair's weight. Example: [1.0, 2.0]
//   $arc_source: each arc's tail (directed runs; empty otherwise). Example: [0, 2]
//   $arc_target: each arc's head. Example: [1, 1]
//   $arc_weight: each arc's weight. Example: [1.0, 2.0]
//   $directed: whether PageRank follows the arcs. Example: false
//   $steps: which optional measures to compute. Example: {"coreness": true, "communities": true, "articulation": true, "bridges": true}
//   $damping: PageRank's damping factor. Example: 0.85
//   $max_iterations: most PageRank iterations. Example: 100
//   $tolerance: PageRank stops when scores change less than this. Example: 1e-10
//   $seed: random seed of Leiden. Example: 42
//   $concurrency: threads GDS uses: the server's processors, at most 4 on GDS Community (netnp asks gds/available_cpus). Example: 2
//   $properties: the measures to read back (those of the steps computed). Example: ["component", "pagerank", "coreness", "community", "articulation"]
//
// Returns: one row: nodes, relationships, components, iterations, degeneracy, communities, bridges (list of [node, node]),
//   measures (one map per measure: measure, nodes (numbers), values (in the same order)).
// Mode: write
CALL () {
  UNWIND range(0, $nodes - 1) AS i
  RETURN i AS source, null AS target, null AS type, null AS weight
  UNION ALL
  UNWIND range(0, size($source) - 1) AS p
  RETURN $source[p] AS source, $target[p] AS target, 'TIE' AS type, $weight[p] AS weight
  UNION ALL
  UNWIND range(0, size($arc_source) - 1) AS p
  RETURN $arc_source[p] AS source, $arc_target[p] AS target, 'ARC' AS type, $arc_weight[p] AS weight
}
WITH gds.graph.project($graph, source, target,
       {relationshipType: type, relationshipProperties: CASE WHEN target IS NULL THEN null ELSE {weight: weight} END},
       {undirectedRelationshipTypes: ['TIE'], readConcurrency: $concurrency, logProgress: false}) AS g
CALL gds.wcc.mutate(g.graphName, {concurrency: $concurrency, logProgress: false, relationshipTypes: ['TIE'], mutateProperty: 'component'})
YIELD componentCount
CALL gds.pageRank.mutate(g.graphName, {concurrency: $concurrency, logProgress: false, relationshipTypes: [CASE WHEN $directed THEN 'ARC' ELSE 'TIE' END],
                                       relationshipWeightProperty: 'weight', dampingFactor: $damping,
                                       maxIterations: $max_iterations, tolerance: $tolerance, scaler: 'L1Norm',
                                       mutateProperty: 'pagerank'})
YIELD ranIterations
OPTIONAL CALL (g) {
  WITH g WHERE $steps.coreness
  CALL gds.kcore.mutate(g.graphName, {concurrency: $concurrency, logProgress: false, relationshipTypes: ['TIE'], mutateProperty: 'coreness'})
  YIELD degeneracy
  RETURN degeneracy
}
OPTIONAL CALL (g) {
  WITH g WHERE $steps.communities
  CALL gds.leiden.mutate(g.graphName, {concurrency: $concurrency, logProgress: false, relationshipTypes: ['TIE'], relationshipWeightProperty: 'weight',
                                       mutateProperty: 'community', maxLevels: 10, gamma: 1.0, theta: 0.01,
                                       tolerance: 0.0001, randomSeed: $seed})
  YIELD communityCount
  RETURN communityCount
}
OPTIONAL CALL (g) {
  WITH g WHERE $steps.articulation
  CALL gds.articulationPoints.mutate(g.graphName, {concurrency: $concurrency, logProgress: false, relationshipTypes: ['TIE'],
                                                   mutateProperty: 'articulation'})
  YIELD articulationPointCount
  RETURN articulationPointCount
}
OPTIONAL CALL (g) {
  WITH g WHERE $steps.bridges
  CALL gds.bridges.stream(g.graphName, {concurrency: $concurrency, logProgress: false, relationshipTypes: ['TIE']})
  YIELD from, to
  RETURN collect([from, to]) AS bridges
}
CALL (g) {
  CALL gds.graph.nodeProperties.stream(g.graphName, $properties)
  YIELD nodeId, nodeProperty, propertyValue
  WITH nodeProperty, collect(nodeId) AS nodes, collect(propertyValue) AS values
  RETURN collect({measure: nodeProperty, nodes: nodes, values: values}) AS measures
}
CALL (g) {
  CALL gds.graph.drop(g.graphName, false)
  YIELD graphName
  RETURN count(graphName) AS dropped
}
RETURN g.nodeCount AS nodes, g.relationshipCount AS relationships, componentCount AS components,
       ranIterations AS iterations, degeneracy, communityCount AS communities, coalesce(bridges, []) AS bridges,
       measures
