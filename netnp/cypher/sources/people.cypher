// The people of the graph with their names and aliases, for sources that match the
// names a file gives (survey answers, sign-up sheets) to the people already there.
//
// Parameters: none
//
// Returns: one row per person: id, name, aliases (a list).
// Mode: read
MATCH (n:Person)
RETURN n.id AS id, n.name AS name, coalesce(n.aliases, []) AS aliases
