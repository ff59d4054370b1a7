// Sets dated observations on the ties of one type and channel between two entities, as
// the three parallel arrays of the observations contract (observed, observed_weight, observed_key).
//
// Parameters:
//   $source: id of the source entity. Example: "karate:0"
//   $target: id of the target entity. Example: "karate:2"
//   $type: the tie type. Example: "KNOWS"
//   $observed: the dates. Example: ["2024-01-05", "2024-02-11"]
//   $weights: the weight of each observation. Example: [1.0, 2.0]
//   $keys: the key of each observation. Example: ["<m1@karate.example>", "<m2@karate.example>"]
//
// Returns: one row: ties.
// Mode: write
MATCH (:Entity {id: $source})-[r]->(:Entity {id: $target})
WHERE type(r) = $type
SET r.observed = $observed, r.observed_weight = $weights, r.observed_key = $keys
RETURN count(r) AS ties
