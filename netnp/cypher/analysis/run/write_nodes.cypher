// Writes one batch of a run's node results: the netnp_ properties of the analysed nodes, and the run's chunk of them.
// Each node gets the label NetnpAnalysed, its role labels (those of $roles, in place of
// the ones it had; netnp/analysis/roles.py picks them) with their list netnp_roles, and
// every netnp_ measure: a measure this run did not compute (its column is null) is
// removed, and NaN, the mark of a value undefined for the node, is written as no property.
// The same columns are kept as one NetnpRunChunk {run, part: 'nodes', index}, whose
// parallel arrays (id, and one per measure) hold the run's results
// (docs/analysis-results.md, "Runs").
//
// Parameters:
//   $run: the run id. Example: "run-2026-11-25T10:00:00Z-ab12"
//   $index: the batch's number in the run. Example: 0
//   $nodes: element ids of the batch's nodes. Example: ["4:f8a3c1e2-0000-0000-0000-000000000000:0"]
//   $ids: their netnp ids, in the same order. Example: ["p:1"]
//   $roles: each node's role labels, in the same order (Hub, Core, Periphery, Bridge; others are ignored). Example: [["Hub", "Core"]]
//   $columns: one list per measure, in the same order, or null when the run did not compute it. Example: {"degree": [3], "in_degree": null, "out_degree": null, "strength": [3.0], "pagerank": [0.2], "reach2": [5], "coreness": [2], "community": [0], "component": [0], "betweenness": [0.1], "constraint": [0.4], "effective_size": [1.7], "participation": [0.5], "articulation": [false], "eigenvector": [0.3], "harmonic": [0.6], "hub": null, "authority": null}
//
// Returns: one row: nodes.
// Mode: write
UNWIND range(0, size($nodes) - 1) AS i
MATCH (n)
WHERE elementId(n) = $nodes[i]
WITH i, n, [role IN $roles[i] WHERE role IN ['Hub', 'Core', 'Periphery', 'Bridge']] AS roles
REMOVE n:Hub:Core:Periphery:Bridge
SET n:NetnpAnalysed, n:$(roles), n.netnp_run = $run, n.netnp_roles = roles,
    n.netnp_degree = $columns.degree[i], n.netnp_in_degree = $columns.in_degree[i],
    n.netnp_out_degree = $columns.out_degree[i], n.netnp_strength = $columns.strength[i],
    n.netnp_pagerank = $columns.pagerank[i], n.netnp_reach2 = $columns.reach2[i],
    n.netnp_coreness = $columns.coreness[i], n.netnp_community = $columns.community[i],
    n.netnp_component = $columns.component[i],
    n.netnp_betweenness = $columns.betweenness[i],
    n.netnp_constraint = CASE WHEN isNaN($columns.constraint[i]) THEN null ELSE $columns.constraint[i] END,
    n.netnp_effective_size = CASE WHEN isNaN($columns.effective_size[i]) THEN null ELSE $columns.effective_size[i] END,
    n.netnp_participation = CASE WHEN isNaN($columns.participation[i]) THEN null ELSE $columns.participation[i] END,
    n.netnp_articulation = $columns.articulation[i], n.netnp_eigenvector = $columns.eigenvector[i],
    n.netnp_harmonic = $columns.harmonic[i], n.netnp_hub = $columns.hub[i], n.netnp_authority = $columns.authority[i]
WITH count(n) AS nodes
CREATE (c:NetnpRunChunk {run: $run, part: 'nodes', index: $index})
SET c += $columns, c.id = $ids
RETURN nodes
