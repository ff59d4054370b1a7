// Clears the focus of the analysis runs whose focus was one of $ids: the
// `focus` of the JSON `parameters` of their NetnpRun node, and of the record
// of the last run (NetnpMeta 'analysis:last'), becomes null. The runs keep
// everything else.
//
// Parameters:
//   $ids: the entity's id and aliases. Example: ["org:asso"]
//
// Returns: one row: records (how many run records were changed).
// Mode: write
MATCH (r)
WHERE (r:NetnpRun OR (r:NetnpMeta AND r.key = 'analysis:last')) AND r.parameters IS NOT NULL
WITH r, apoc.convert.fromJsonMap(r.parameters) AS parameters
WHERE parameters.focus IN $ids
SET r.parameters = apoc.convert.toJson(apoc.map.setKey(parameters, 'focus', null))
RETURN count(r) AS records
