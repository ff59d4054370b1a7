// Writes one batch of a run's pair results: the tie measures on the user's own ties, and the run's chunk of the pairs.
// A pair is two analysed nodes joined by ties in scope. With $ties, every user tie
// of pair i gets the pair's netnp_overlap, netnp_local_bridge, netnp_spans_clusters
// (null without communities) and netnp_bridge; with $ties null (a run without tie
// measures) no tie is written. The columns are kept as one
// NetnpRunChunk {run, part: 'pairs', index} of parallel arrays (docs/analysis-results.md, "Runs").
//
// Parameters:
//   $run: the run id. Example: "run-2026-11-25T10:00:00Z-ab12"
//   $index: the batch's number in the run. Example: 0
//   $ties: for each pair, the element ids of its user ties; or null to write no tie. Example: [["5:f8a3c1e2-0000-0000-0000-000000000000:0"]]
//   $columns: one list per pair measure, in the same order (overlap, local_bridge, spans_clusters, bridge, common null when not computed). Example: {"source": ["p:1"], "target": ["p:2"], "weight": [1.0], "ties": [1], "types": ["KNOWS"], "web": [false], "overlap": [0.25], "common": [1], "local_bridge": [false], "spans_clusters": [false], "bridge": [false]}
//
// Returns: one row: ties (user ties written).
// Mode: write
CALL () {
  UNWIND CASE WHEN $ties IS NULL THEN [] ELSE range(0, size($ties) - 1) END AS i
  UNWIND $ties[i] AS tie
  MATCH ()-[r]->()
  WHERE elementId(r) = tie
  SET r.netnp_overlap = $columns.overlap[i], r.netnp_local_bridge = $columns.local_bridge[i],
      r.netnp_spans_clusters = $columns.spans_clusters[i], r.netnp_bridge = coalesce($columns.bridge[i], false)
  RETURN count(r) AS ties
}
CREATE (c:NetnpRunChunk {run: $run, part: 'pairs', index: $index})
SET c += $columns
RETURN ties
