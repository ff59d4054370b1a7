// Writes raw betweenness (Brandes 2001) with GDS as netnp_betweenness: exact, or sampled from $sampling_size sources.
// With $sampling_size equal to the node count every node is a source and the result is exact.
//
// Parameters:
//   $graph: the projection's name. Example: "netnp-analysis"
//   $sampling_size: number of source nodes. Example: 1000
//   $seed: random seed for the sample. Example: 42
//   $concurrency: threads GDS uses: the server's processors, at most 4 on GDS Community (netnp asks gds/available_cpus). Example: 2
//
// Returns: one row: nodes.
// Mode: write
CALL gds.betweenness.write($graph, {concurrency: $concurrency, relationshipTypes: ['NETNP_TIE'],
                                    samplingSize: $sampling_size, samplingSeed: $seed,
                                    writeProperty: 'netnp_betweenness'})
YIELD nodePropertiesWritten
RETURN nodePropertiesWritten AS nodes
