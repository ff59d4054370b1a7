// Name, version and edition of the Neo4j server.
//
// Parameters: none
//
// Returns: one row per component: name ('Neo4j Kernel'), version, edition.
// Mode: read
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions[0] AS version, edition
