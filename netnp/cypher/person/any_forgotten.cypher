// Whether any entity was ever forgotten here (`netnp person forget`), so
// that an import hashes its ids only on a graph that holds such records.
//
// Parameters: none
//
// Returns: at most one row: hash.
// Mode: read
MATCH (f:NetnpForgotten)
RETURN f.hash AS hash
LIMIT 1
