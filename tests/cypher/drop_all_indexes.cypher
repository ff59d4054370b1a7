// Test support: drops every index and constraint, as on a server where
// nobody ran `netnp db init`. Never part of netnp itself.
//
// Parameters: none
//
// Returns: one row per index or constraint dropped (label, key, action).
// Mode: write
CALL apoc.schema.assert({}, {}, true)
YIELD label, key, action
RETURN label, key, action
