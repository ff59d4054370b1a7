// Renumbers connected components 0, 1, 2 … from the largest to the smallest.
//
// Parameters: none
//
// Returns: one row per component: component, size.
// Mode: write
MATCH (n:NetnpAnalysed)
WHERE n.netnp_component IS NOT NULL
WITH n.netnp_component AS old, collect(n) AS members, min(n.id) AS first
ORDER BY size(members) DESC, first
WITH collect(members) AS groups
UNWIND range(0, size(groups) - 1) AS index
FOREACH (n IN groups[index] | SET n.netnp_component = index)
RETURN index AS component, size(groups[index]) AS size
