// Deletes the analysed view (NETNP_TIE, NETNP_ARC) of an earlier run and its netnp_ tie properties.
// The user's own ties keep everything but the netnp_ properties netnp wrote on them.
//
// Parameters:
//   $batch_size: relationships per transaction. Example: 10000
//
// Returns: one row: cleared (relationships).
// Mode: write
MATCH ()-[r]->()
WHERE type(r) IN ['NETNP_TIE', 'NETNP_ARC'] OR r.netnp_overlap IS NOT NULL
CALL (r) {
  WITH r, type(r) IN ['NETNP_TIE', 'NETNP_ARC'] AS derived
  FOREACH (_ IN CASE WHEN derived THEN [1] ELSE [] END | DELETE r)
  FOREACH (_ IN CASE WHEN derived THEN [] ELSE [1] END |
    REMOVE r.netnp_overlap, r.netnp_local_bridge, r.netnp_spans_clusters, r.netnp_bridge, r.netnp_weak)
} IN TRANSACTIONS OF $batch_size ROWS
RETURN count(r) AS cleared
