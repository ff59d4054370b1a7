// The analysed nodes a report shows, with their netnp_ measures and roles, by PageRank then degree, descending:
// the $limit highest by PageRank (the network view's backbone), the first $role_rows nodes
// of each role table (hubs and core members by PageRank; the bridging periphery, Periphery
// and Bridge, by betweenness then participation coefficient) and the focal node.
// Each node once; the columns are those of analysis/results/nodes. The tables pick their rows
// as the report does: a missing measure counts as 0, ties are broken by id.
//
// Parameters:
//   $limit: how many nodes to return by PageRank. Example: 1000
//   $role_rows: how many nodes of each role table to add. Example: 25
//   $focus: id of a node to add (the focal organisation), or null. Example: "org:asso"
//
// Returns: one row per node: id, kind, name, degree, in_degree, out_degree, strength, pagerank,
// reach2, coreness, community, component, betweenness, constraint, effective_size, participation, articulation, eigenvector, harmonic, hub, authority, roles.
// Mode: read
CALL () {
  MATCH (n:NetnpAnalysed)
  WITH n ORDER BY coalesce(n.netnp_pagerank, 0.0) DESC, n.id
  LIMIT $limit
  RETURN n
  UNION
  MATCH (n:Hub&NetnpAnalysed)
  WITH n ORDER BY coalesce(n.netnp_pagerank, 0.0) DESC, n.id
  LIMIT $role_rows
  RETURN n
  UNION
  MATCH (n:Core&NetnpAnalysed)
  WITH n ORDER BY coalesce(n.netnp_pagerank, 0.0) DESC, n.id
  LIMIT $role_rows
  RETURN n
  UNION
  MATCH (n:Periphery&Bridge&NetnpAnalysed)
  WITH n ORDER BY coalesce(n.netnp_betweenness, 0.0) DESC, coalesce(n.netnp_participation, 0.0) DESC, n.id
  LIMIT $role_rows
  RETURN n
  UNION
  MATCH (n:Entity {id: $focus})
  WHERE n:NetnpAnalysed
  RETURN n
}
WITH n ORDER BY n.netnp_pagerank DESC, n.netnp_degree DESC, n.id
RETURN n.id AS id, [k IN labels(n) WHERE k IN ['Person', 'Organization', 'WebPage']][0] AS kind, n.name AS name,
       n.netnp_degree AS degree, n.netnp_in_degree AS in_degree, n.netnp_out_degree AS out_degree,
       n.netnp_strength AS strength, n.netnp_pagerank AS pagerank, n.netnp_reach2 AS reach2,
       n.netnp_coreness AS coreness, n.netnp_community AS community, n.netnp_component AS component,
       n.netnp_betweenness AS betweenness, n.netnp_constraint AS constraint,
       n.netnp_effective_size AS effective_size, n.netnp_participation AS participation,
       n.netnp_articulation AS articulation, n.netnp_eigenvector AS eigenvector, n.netnp_harmonic AS harmonic,
       n.netnp_hub AS hub, n.netnp_authority AS authority, coalesce(n.netnp_roles, []) AS roles
