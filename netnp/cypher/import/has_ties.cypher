// Whether the graph holds any relationship at all (read from Neo4j's count store, in constant time).
// The importer writes the first ties of an import into a graph without
// relationships with import/create_ties: there is no tie to look up, and a
// look-up planned on a graph without relationships scans the whole
// relationship store for every row, deleted records included.
//
// Parameters: none
//
// Returns: one row: has_ties.
// Mode: read
MATCH ()-[r]->()
RETURN count(r) > 0 AS has_ties
