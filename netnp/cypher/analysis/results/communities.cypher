// Profiles each community: size, kinds, internal and external ties, density, neighbouring communities, top members.
// Density is internal ties / (size (size - 1) / 2); top members are by PageRank.
// One pass over the nodes gives sizes, kinds and top members, folded into one row per
// community before one pass over the ties of the analysed view (each NETNP_TIE once)
// counts the ties between each pair of communities; no per-node row carries the profiles,
// so memory stays bounded on large graphs.
//
// Parameters:
//   $top: how many top members to list per community. Example: 5
//
// Returns: one row per community: id, size, kinds, internal_ties, external_ties, density, neighbours, top_members.
// Mode: read
MATCH (n:NetnpAnalysed)
WHERE n.netnp_community IS NOT NULL
WITH n ORDER BY n.netnp_pagerank DESC, n.netnp_degree DESC, n.id
WITH n.netnp_community AS id, count(*) AS size, collect(n)[..$top] AS top,
     count(CASE WHEN n:Person THEN 1 END) AS persons, count(CASE WHEN n:Organization THEN 1 END) AS organizations,
     count(CASE WHEN n:WebPage THEN 1 END) AS pages
WITH collect({id: id, size: size, top: [m IN top | {id: m.id, name: m.name, pagerank: m.netnp_pagerank}],
              kinds: [k IN [['Person', persons], ['Organization', organizations], ['WebPage', pages]] WHERE k[1] > 0]})
     AS groups
CALL () {
  MATCH (a:NetnpAnalysed)-[:NETNP_TIE]->(b:NetnpAnalysed)
  WITH a.netnp_community AS x, b.netnp_community AS y, count(*) AS ties
  WHERE x IS NOT NULL AND y IS NOT NULL
  UNWIND CASE WHEN x = y THEN [[x, y]] ELSE [[x, y], [y, x]] END AS pair
  WITH pair[0] AS id, pair[1] AS other, sum(ties) AS ties
  WITH id, sum(CASE WHEN other = id THEN ties ELSE 0 END) AS internal_ties,
       sum(CASE WHEN other <> id THEN ties ELSE 0 END) AS external_ties,
       collect(CASE WHEN other <> id THEN [toString(other), ties] END) AS neighbours
  RETURN collect({id: id, internal_ties: internal_ties, external_ties: external_ties, neighbours: neighbours}) AS profiles
}
UNWIND groups AS g
WITH g, [p IN profiles WHERE p.id = g.id][0] AS profile
WITH g.id AS id, g.size AS size, g.kinds AS kinds, g.top AS top_members,
     coalesce(profile.internal_ties, 0) AS internal_ties, coalesce(profile.external_ties, 0) AS external_ties,
     coalesce(profile.neighbours, []) AS neighbours
RETURN id, size, kinds, internal_ties, external_ties,
       CASE WHEN size > 1 THEN toFloat(internal_ties) / (size * (size - 1) / 2.0) ELSE 0.0 END AS density,
       neighbours, top_members
ORDER BY id
