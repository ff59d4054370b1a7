// Writes weakly connected components with GDS, as netnp_component (renumbered afterwards).
//
// Parameters:
//   $graph: the projection's name. Example: "netnp-analysis"
//
// Returns: one row: components.
// Mode: write
CALL gds.wcc.write($graph, {relationshipTypes: ['NETNP_TIE'], writeProperty: 'netnp_component'})
YIELD componentCount
RETURN componentCount AS components
