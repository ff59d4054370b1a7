// Entities whose id or name looks like a text someone typed, for "did you mean" suggestions.
// Ids and names are compared in lower case; $key is the text in lower case without
// separators, which matches an id or name written with other separators ("Jon Snow" and
// "Jon-Snow"). Candidates that match $key come first, then those whose id or name holds
// the most of $tokens (the words of the text and their first three letters).
// One pass over the entities, at most $limit rows: the caller ranks them.
//
// Parameters:
//   $key: the text, lower case, letters and digits only. Example: "jonsnow"
//   $tokens: words of the text and their beginnings, lower case. Example: ["jon", "snow", "sno"]
//   $separators: the characters left out of $key. Example: [" ", "-", "_", ":", ".", "/", "'"]
//   $limit: most candidates to return. Example: 200
//
// Returns: one row per candidate: id, name, same, shared.
// Mode: read
MATCH (n:Entity)
WITH n, toLower(n.id) AS id_text, toLower(coalesce(n.name, '')) AS name_text
WITH n, id_text, name_text,
     reduce(s = id_text, c IN $separators | replace(s, c, '')) AS id_key,
     reduce(s = name_text, c IN $separators | replace(s, c, '')) AS name_key
WITH n, id_key = $key OR name_key = $key AS same,
     size([t IN $tokens WHERE id_text CONTAINS t OR name_text CONTAINS t]) AS shared
WHERE same OR shared > 0
RETURN n.id AS id, n.name AS name, same, shared
ORDER BY same DESC, shared DESC, n.id
LIMIT $limit
