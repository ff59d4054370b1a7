// Profiles each community: size, kinds, internal and external ties, density, neighbouring communities, top members.
// Density is internal ties / (size (size - 1) / 2); top members are by PageRank.
// Ties count pairs of analysed nodes (parallel ties once). One pass over the nodes gives
// sizes, kinds and top members, folded into one row per community; the ties inside and
// between communities come from the run's chunks of part 'communities', which the run
// computed from its pairs (their position is the community's number).
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
  MATCH (m:NetnpMeta {key: 'analysis:last'})
  MATCH (c:NetnpRunChunk {run: m.run_id, part: 'communities'})
  WITH c ORDER BY c.index
  UNWIND range(0, size(c.community) - 1) AS i
  RETURN collect({internal_ties: c.internal_ties[i], external_ties: c.external_ties[i],
                  neighbours: [x IN split(c.neighbours[i], ',') WHERE x <> '' | split(x, ':')]}) AS profiles
}
UNWIND groups AS g
WITH g, profiles[g.id] AS profile
WITH g.id AS id, g.size AS size, g.kinds AS kinds, g.top AS top_members,
     coalesce(profile.internal_ties, 0) AS internal_ties, coalesce(profile.external_ties, 0) AS external_ties,
     [x IN coalesce(profile.neighbours, []) | [x[0], toInteger(x[1])]] AS neighbours
RETURN id, size, kinds, internal_ties, external_ties,
       CASE WHEN size > 1 THEN toFloat(internal_ties) / (size * (size - 1) / 2.0) ELSE 0.0 END AS density,
       neighbours, top_members
ORDER BY id
