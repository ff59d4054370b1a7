// Profiles each community: size, kinds, internal and external ties, density, neighbouring communities, top members.
// Density is internal ties / (size (size - 1) / 2); top members are by PageRank.
//
// Parameters:
//   $top: how many top members to list per community. Example: 5
//
// Returns: one row per community: id, size, kinds, internal_ties, external_ties, density, neighbours, top_members.
// Mode: read
MATCH (n:NetnpAnalysed)
WHERE n.netnp_community IS NOT NULL
WITH n.netnp_community AS id, collect(n) AS members
CALL (id, members) {
  UNWIND members AS n
  WITH [k IN labels(n) WHERE k IN ['Person', 'Organization', 'WebPage']][0] AS kind, count(*) AS nodes
  RETURN collect([kind, nodes]) AS kinds
}
CALL (id, members) {
  UNWIND members AS n
  OPTIONAL MATCH (n)-[t:NETNP_TIE]-(m:NetnpAnalysed)
  WITH m.netnp_community AS other, count(t) AS ties
  WHERE other IS NOT NULL
  RETURN sum(CASE WHEN other = id THEN ties ELSE 0 END) / 2 AS internal_ties,
         sum(CASE WHEN other <> id THEN ties ELSE 0 END) AS external_ties,
         collect(CASE WHEN other <> id THEN [toString(other), ties] END) AS neighbours
}
CALL (members) {
  UNWIND members AS n
  WITH n ORDER BY n.netnp_pagerank DESC, n.netnp_degree DESC, n.id
  LIMIT $top
  RETURN collect({id: n.id, name: n.name, pagerank: n.netnp_pagerank}) AS top_members
}
RETURN id, size(members) AS size, kinds, internal_ties, external_ties,
       CASE WHEN size(members) > 1 THEN toFloat(internal_ties) / (size(members) * (size(members) - 1) / 2.0) ELSE 0.0 END AS density,
       neighbours, top_members
ORDER BY id
