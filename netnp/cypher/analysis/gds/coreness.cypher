// Writes coreness from k-core decomposition (Batagelj & Zaversnik 2003) with GDS, as netnp_coreness.
//
// Parameters:
//   $graph: the projection's name. Example: "netnp-analysis"
//   $concurrency: threads GDS uses: the server's processors, at most 4 on GDS Community (netnp asks gds/available_cpus). Example: 2
//
// Returns: one row: degeneracy (the largest coreness).
// Mode: write
CALL gds.kcore.write($graph, {concurrency: $concurrency, relationshipTypes: ['NETNP_TIE'], writeProperty: 'netnp_coreness'})
YIELD degeneracy
RETURN degeneracy
