// The pair chunks of one run: the parallel arrays of its pairs of analysed nodes joined by ties in scope.
// A pair's weight sums its ties' weights and types joins their types with '|'; the tie
// measures (overlap, local_bridge, spans_clusters) are null when the run did not compute them.
//
// Parameters:
//   $run: the run's id. Example: "run-2026-11-25T10:00:00Z-ab12"
//
// Returns: one row per chunk: index, source, target, weight, types, web, overlap, local_bridge, spans_clusters.
// Mode: read
MATCH (c:NetnpRunChunk {run: $run, part: 'pairs'})
RETURN c.index AS index, c.source AS source, c.target AS target, c.weight AS weight, c.types AS types, c.web AS web,
       c.overlap AS overlap, c.local_bridge AS local_bridge, c.spans_clusters AS spans_clusters
ORDER BY index
