// Writes weakly connected components with GDS, as netnp_component (renumbered afterwards).
//
// Parameters:
//   $graph: the projection's name. Example: "netnp-analysis"
//   $concurrency: threads GDS uses: the server's processors, at most 4 on GDS Community (netnp asks gds/available_cpus). Example: 2
//
// Returns: one row: components.
// Mode: write
CALL gds.wcc.write($graph, {concurrency: $concurrency, relationshipTypes: ['NETNP_TIE'], writeProperty: 'netnp_component'})
YIELD componentCount
RETURN componentCount AS components
