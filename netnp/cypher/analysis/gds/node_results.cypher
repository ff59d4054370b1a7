// Reads the node measures that analysis/gds/compute added to a GDS projection, one row per node.
//
// Parameters:
//   $graph: the projection's name. Example: "netnp-analysis"
//   $properties: the measures to read. Example: ["component", "pagerank"]
//
// Returns: one row per node: node (element id), values (list of [measure, value]).
// Mode: read
CALL gds.graph.nodeProperties.stream($graph, $properties)
YIELD nodeId, nodeProperty, propertyValue
WITH nodeId, collect([nodeProperty, propertyValue]) AS values
RETURN elementId(gds.util.asNode(nodeId)) AS node, values
