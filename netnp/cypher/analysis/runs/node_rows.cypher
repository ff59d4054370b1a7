// Nodes of a run, read from its chunks: their measures as the run computed them, with their kind and name today.
// A value undefined for a node (NaN in its array) is null; so are a node's kind and name once it left the graph.
//
// Parameters:
//   $run: the run's id. Example: "run-2026-11-25T10:00:00Z-ab12"
//   $positions: for each node chunk to read, its index and the positions of the nodes in it. Example: [{"index": 0, "rows": [0, 3]}]
//
// Returns: one row per node: id, kind, name, degree, in_degree, out_degree, strength, pagerank,
// reach2, coreness, community, component, betweenness, constraint, effective_size, participation, articulation,
// eigenvector, harmonic, hub, authority.
// Mode: read
UNWIND $positions AS p
MATCH (c:NetnpRunChunk {run: $run, part: 'nodes', index: p.index})
UNWIND p.rows AS i
OPTIONAL MATCH (n:Entity {id: c.id[i]})
RETURN c.id[i] AS id, [k IN labels(n) WHERE k IN ['Person', 'Organization', 'WebPage']][0] AS kind, n.name AS name,
       c.degree[i] AS degree, c.in_degree[i] AS in_degree, c.out_degree[i] AS out_degree,
       c.strength[i] AS strength, c.pagerank[i] AS pagerank, c.reach2[i] AS reach2,
       c.coreness[i] AS coreness, c.community[i] AS community, c.component[i] AS component,
       c.betweenness[i] AS betweenness,
       CASE WHEN isNaN(c.constraint[i]) THEN null ELSE c.constraint[i] END AS constraint,
       CASE WHEN isNaN(c.effective_size[i]) THEN null ELSE c.effective_size[i] END AS effective_size,
       CASE WHEN isNaN(c.participation[i]) THEN null ELSE c.participation[i] END AS participation,
       c.articulation[i] AS articulation, c.eigenvector[i] AS eigenvector, c.harmonic[i] AS harmonic,
       c.hub[i] AS hub, c.authority[i] AS authority
