// The analysed nodes with their netnp_ measures and roles, by PageRank then degree, descending.
//
// Parameters:
//   $limit: most nodes to return, or null for all. Example: 100
//
// Returns: one row per node: id, kind, name, degree, in_degree, out_degree, strength, pagerank,
// reach2, coreness, community, component, betweenness, constraint, effective_size, participation, articulation, eigenvector, harmonic, hub, authority, roles.
// Mode: read
MATCH (n:NetnpAnalysed)
WITH n ORDER BY n.netnp_pagerank DESC, n.netnp_degree DESC, n.id
LIMIT coalesce($limit, 1000000000)
RETURN n.id AS id, [k IN labels(n) WHERE k IN ['Person', 'Organization', 'WebPage']][0] AS kind, n.name AS name,
       n.netnp_degree AS degree, n.netnp_in_degree AS in_degree, n.netnp_out_degree AS out_degree,
       n.netnp_strength AS strength, n.netnp_pagerank AS pagerank, n.netnp_reach2 AS reach2,
       n.netnp_coreness AS coreness, n.netnp_community AS community, n.netnp_component AS component,
       n.netnp_betweenness AS betweenness, n.netnp_constraint AS constraint,
       n.netnp_effective_size AS effective_size, n.netnp_participation AS participation,
       n.netnp_articulation AS articulation, n.netnp_eigenvector AS eigenvector, n.netnp_harmonic AS harmonic,
       n.netnp_hub AS hub, n.netnp_authority AS authority, coalesce(n.netnp_roles, []) AS roles
