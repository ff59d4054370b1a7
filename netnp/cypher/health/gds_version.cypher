// Version of the Graph Data Science plugin (fails if GDS is not installed:
// check health/plugin_functions first).
//
// Parameters: none
//
// Returns: one row: version.
// Mode: read
RETURN gds.version() AS version
