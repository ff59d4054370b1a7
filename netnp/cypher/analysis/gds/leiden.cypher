// Writes Leiden communities (Traag et al. 2019) with GDS, weighted by tie weight, as netnp_community.
// Leiden refines Louvain (Blondel et al. 2008): its communities are always internally connected.
//
// Parameters:
//   $graph: the projection's name. Example: "netnp-analysis"
//   $seed: random seed, for repeatable communities. Example: 42
//   $concurrency: threads GDS uses: the server's processors, at most 4 on GDS Community (netnp asks gds/available_cpus). Example: 2
//
// Returns: one row: communities, modularity.
// Mode: write
CALL gds.leiden.write($graph, {concurrency: $concurrency, relationshipTypes: ['NETNP_TIE'], relationshipWeightProperty: 'weight',
                               writeProperty: 'netnp_community', maxLevels: 10, gamma: 1.0, theta: 0.01,
                               tolerance: 0.0001, randomSeed: $seed})
YIELD communityCount, modularity
RETURN communityCount AS communities, modularity
