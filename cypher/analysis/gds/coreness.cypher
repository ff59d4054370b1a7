// Writes coreness from k-core decomposition (Batagelj & Zaversnik 2003) with GDS, as netnp_coreness.
//
// Parameters:
//   $graph: the projection's name. Example: "netnp-analysis"
//
// Returns: one row: degeneracy (the largest coreness).
// Mode: write
CALL gds.kcore.write($graph, {relationshipTypes: ['NETNP_TIE'], writeProperty: 'netnp_coreness'})
YIELD degeneracy
RETURN degeneracy
