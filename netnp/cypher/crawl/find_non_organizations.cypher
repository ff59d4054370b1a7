// Among the ids a seeds file gives as owners of web entities, those that
// already exist as something other than an Organization (which cannot own a
// web entity).
//
// Parameters:
//   $ids: organisation ids from the seeds file. Example: ["org:asso"]
//
// Returns: one row per offending id: id, labels.
// Mode: read
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE NOT n:Organization
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'] AS labels
