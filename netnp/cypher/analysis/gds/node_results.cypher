// Reads the node measures that analysis/gds/compute added to a GDS projection: one row per measure.
// The nodes are numbered as in the projection (0 … n - 1), so no node of the graph is looked up.
//
// Parameters:
//   $graph: the projection's name. Example: "netnp-analysis"
//   $properties: the measures to read. Example: ["component", "pagerank"]
//
// Returns: one row per measure: measure, nodes (numbers), values (in the same order).
// Mode: read
CALL gds.graph.nodeProperties.stream($graph, $properties)
YIELD nodeId, nodeProperty, propertyValue
RETURN nodeProperty AS measure, collect(nodeId) AS nodes, collect(propertyValue) AS values
