// Clears the results of earlier runs that this run did not overwrite: nodes and ties that left the scope.
// A node still labelled NetnpAnalysed without this run's id loses that label, its
// role labels and netnp_ properties, and its ties their netnp_ tie results; so do the
// ties listed in $ties (found stale by analysis/scope/pairs). User data is untouched.
//
// Parameters:
//   $run: the run id. Example: "run-2026-11-25T10:00:00Z-ab12"
//   $ties: element ids of ties whose tie results must be cleared. Example: ["5:f8a3c1e2-0000-0000-0000-000000000000:0"]
//
// Returns: one row: nodes, ties (cleared).
// Mode: write
CALL () {
  MATCH (n:NetnpAnalysed)
  WHERE n.netnp_run IS NULL OR n.netnp_run <> $run
  CALL (n) {
    MATCH (n)-[r]-()
    WHERE r.netnp_overlap IS NOT NULL
    REMOVE r.netnp_overlap, r.netnp_local_bridge, r.netnp_spans_clusters, r.netnp_bridge
  }
  REMOVE n:NetnpAnalysed:Hub:Core:Periphery:Bridge
  REMOVE n.netnp_run, n.netnp_degree, n.netnp_in_degree, n.netnp_out_degree, n.netnp_strength,
         n.netnp_pagerank, n.netnp_reach2, n.netnp_coreness, n.netnp_community, n.netnp_component,
         n.netnp_betweenness, n.netnp_constraint, n.netnp_effective_size, n.netnp_participation,
         n.netnp_articulation, n.netnp_eigenvector, n.netnp_harmonic, n.netnp_hub, n.netnp_authority,
         n.netnp_roles
  RETURN count(n) AS nodes
}
CALL () {
  UNWIND $ties AS tie
  MATCH ()-[r]->()
  WHERE elementId(r) = tie
  REMOVE r.netnp_overlap, r.netnp_local_bridge, r.netnp_spans_clusters, r.netnp_bridge
  RETURN count(r) AS ties
}
RETURN nodes, ties
