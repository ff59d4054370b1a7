// Projects the analysis scope into GDS and computes its node measures there, in one query (nothing is written to the graph).
// The projection is a Cypher aggregation (gds.graph.project as an aggregation
// function): the same scope rules as analysis/scope/pairs, each pair of nodes in
// scope once, as an undirected TIE whose weight sums its ties' weights; directed
// runs also get one ARC per ordered pair with ties from the first node to the
// second, weighted likewise. The algorithms then add their results to the
// projection (mutate), where analysis/gds/node_results reads them:
//   component (weakly connected components), pagerank (Brin & Page 1998, weighted,
//   on ARC when directed, scaled to sum 1 as networkx), and, when $steps asks:
//   coreness (k-core, Batagelj & Zaversnik 2003), community (Leiden, Traag et al. 2019,
//   weighted), betweenness (Brandes 2001, exact when $sampling_size is the node count,
//   else from $sampling_size sources), articulation (Tarjan 1974), eigenvector
//   (Bonacich 1972, unweighted: GDS would divide each weight by its node's strength; unit length), harmonic (Marchiori & Latora 2000),
//   hub and authority (HITS, Kleinberg 1999, on ARC).
// Bridges (Tarjan 1974), which GDS only streams, come back as pairs of element ids.
//
// Parameters:
//   $graph: the projection's name. Example: "netnp-analysis"
//   $kinds: node kinds in scope. Example: ["Person", "Organization", "WebPage"]
//   $types: tie types in scope, or null for all. Example: ["KNOWS", "MEMBER_OF"]
//   $weight: name of the tie property holding the weight. Example: "weight"
//   $since: start of the time window (ISO date) or null. Example: "2020-01-01"
//   $until: end of the time window (ISO date) or null. Example: "2026-12-31"
//   $directed: whether ties have a direction (adds ARC, PageRank and HITS follow it). Example: false
//   $steps: which optional measures to compute. Example: {"coreness": true, "communities": true, "betweenness": true, "articulation": true, "bridges": true, "eigenvector": true, "harmonic": true, "hits": false}
//   $damping: PageRank's damping factor. Example: 0.85
//   $max_iterations: most PageRank and eigenvector iterations. Example: 100
//   $tolerance: PageRank stops when scores change less than this. Example: 1e-10
//   $hits_iterations: HITS iterations. Example: 100
//   $sampling_size: betweenness source nodes (the node count for exact betweenness). Example: 1000
//   $seed: random seed of the betweenness sample and of Leiden. Example: 42
//   $concurrency: threads GDS uses: the server's processors, at most 4 on GDS Community (netnp asks gds/available_cpus). Example: 2
//
// Returns: one row: nodes, relationships, components, iterations, degeneracy, communities, bridges (list of [element id, element id]).
// Mode: write
MATCH (x:Entity)
WHERE any(kind IN labels(x) WHERE kind IN $kinds)
OPTIONAL MATCH (x)-[r]-(y:Entity)
WHERE elementId(x) < elementId(y) AND any(kind IN labels(y) WHERE kind IN $kinds)
  AND ($types IS NULL OR type(r) IN $types)
  AND ($since IS NULL OR r.until IS NULL OR r.until >= date($since))
  AND ($until IS NULL OR r.since IS NULL OR r.since <= date($until))
WITH x, y, r, toFloat(coalesce(r[$weight], 1.0)) AS w
WITH x, y, sum(w) AS weight, sum(CASE WHEN startNode(r) = x THEN w ELSE 0.0 END) AS out_weight,
     count(CASE WHEN startNode(r) = x THEN 1 END) AS out_ties,
     sum(CASE WHEN startNode(r) = x THEN 0.0 ELSE w END) AS in_weight,
     count(CASE WHEN startNode(r) = x THEN null ELSE 1 END) AS in_ties
UNWIND CASE
  WHEN y IS NULL THEN [[x, null, null, 0.0]]
  ELSE [[x, y, 'TIE', weight]]
       + CASE WHEN $directed AND out_ties > 0 THEN [[x, y, 'ARC', out_weight]] ELSE [] END
       + CASE WHEN $directed AND in_ties > 0 THEN [[y, x, 'ARC', in_weight]] ELSE [] END
END AS rel
WITH gds.graph.project($graph, rel[0], rel[1],
       {relationshipType: rel[2], relationshipProperties: CASE WHEN rel[1] IS NULL THEN null ELSE {weight: rel[3]} END},
       {undirectedRelationshipTypes: ['TIE']}) AS g
CALL gds.wcc.mutate(g.graphName, {concurrency: $concurrency, relationshipTypes: ['TIE'], mutateProperty: 'component'})
YIELD componentCount
CALL gds.pageRank.mutate(g.graphName, {concurrency: $concurrency, relationshipTypes: [CASE WHEN $directed THEN 'ARC' ELSE 'TIE' END],
                                       relationshipWeightProperty: 'weight', dampingFactor: $damping,
                                       maxIterations: $max_iterations, tolerance: $tolerance, scaler: 'L1Norm',
                                       mutateProperty: 'pagerank'})
YIELD ranIterations
OPTIONAL CALL (g) {
  WITH g WHERE $steps.coreness
  CALL gds.kcore.mutate(g.graphName, {concurrency: $concurrency, relationshipTypes: ['TIE'], mutateProperty: 'coreness'})
  YIELD degeneracy
  RETURN degeneracy
}
OPTIONAL CALL (g) {
  WITH g WHERE $steps.communities
  CALL gds.leiden.mutate(g.graphName, {concurrency: $concurrency, relationshipTypes: ['TIE'], relationshipWeightProperty: 'weight',
                                       mutateProperty: 'community', maxLevels: 10, gamma: 1.0, theta: 0.01,
                                       tolerance: 0.0001, randomSeed: $seed})
  YIELD communityCount
  RETURN communityCount
}
OPTIONAL CALL (g) {
  WITH g WHERE $steps.betweenness
  CALL gds.betweenness.mutate(g.graphName, {concurrency: $concurrency, relationshipTypes: ['TIE'],
                                            samplingSize: $sampling_size, samplingSeed: $seed, mutateProperty: 'betweenness'})
  YIELD nodePropertiesWritten
  RETURN nodePropertiesWritten AS betweenness_nodes
}
OPTIONAL CALL (g) {
  WITH g WHERE $steps.articulation
  CALL gds.articulationPoints.mutate(g.graphName, {concurrency: $concurrency, relationshipTypes: ['TIE'],
                                                   mutateProperty: 'articulation'})
  YIELD articulationPointCount
  RETURN articulationPointCount
}
OPTIONAL CALL (g) {
  WITH g WHERE $steps.eigenvector
  CALL gds.eigenvector.mutate(g.graphName, {concurrency: $concurrency, relationshipTypes: ['TIE'],
                                            maxIterations: $max_iterations, tolerance: $tolerance, scaler: 'L2Norm',
                                            mutateProperty: 'eigenvector'})
  YIELD nodePropertiesWritten
  RETURN nodePropertiesWritten AS eigenvector_nodes
}
OPTIONAL CALL (g) {
  WITH g WHERE $steps.harmonic
  CALL gds.closeness.harmonic.mutate(g.graphName, {concurrency: $concurrency, relationshipTypes: ['TIE'],
                                                   mutateProperty: 'harmonic'})
  YIELD nodePropertiesWritten
  RETURN nodePropertiesWritten AS harmonic_nodes
}
OPTIONAL CALL (g) {
  WITH g WHERE $steps.hits AND $directed
  CALL gds.hits.mutate(g.graphName, {concurrency: $concurrency, relationshipTypes: ['ARC'], hitsIterations: $hits_iterations,
                                     hubProperty: 'hub', authProperty: 'authority'})
  YIELD ranIterations AS hits_iterations
  RETURN hits_iterations
}
OPTIONAL CALL (g) {
  WITH g WHERE $steps.bridges
  CALL gds.bridges.stream(g.graphName, {concurrency: $concurrency, relationshipTypes: ['TIE']})
  YIELD from, to
  RETURN collect([elementId(gds.util.asNode(from)), elementId(gds.util.asNode(to))]) AS bridges
}
RETURN g.nodeCount AS nodes, g.relationshipCount AS relationships, componentCount AS components,
       ranIterations AS iterations, degeneracy, communityCount AS communities, coalesce(bridges, []) AS bridges
