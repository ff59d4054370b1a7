// Renumbers communities 0, 1, 2 … from the largest to the smallest (ties broken by smallest member id).
//
// Parameters: none
//
// Returns: one row: communities.
// Mode: write
MATCH (n:NetnpAnalysed)
WHERE n.netnp_community IS NOT NULL
WITH n.netnp_community AS old, collect(n) AS members, min(n.id) AS first
ORDER BY size(members) DESC, first
WITH collect(members) AS groups
UNWIND range(0, size(groups) - 1) AS index
FOREACH (n IN groups[index] | SET n.netnp_community = index)
RETURN count(*) AS communities
