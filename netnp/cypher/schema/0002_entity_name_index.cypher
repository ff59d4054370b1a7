// Schema 2: an index on the display name of every Entity, for look-ups by
// name in Browser and in the report's search.
//
// Parameters: none
//
// Returns: nothing.
// Mode: write
CREATE INDEX entity_name IF NOT EXISTS
FOR (n:Entity) ON (n.name)
