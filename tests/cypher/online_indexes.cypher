// Test support: the names of the indexes that are ONLINE, with the
// constraint each one backs, if any.
//
// Parameters: none
//
// Returns: one row per ONLINE index: name, owning_constraint (null for a plain index).
// Mode: read
SHOW INDEXES YIELD name, state, owningConstraint
WHERE state = 'ONLINE'
RETURN name, owningConstraint AS owning_constraint
