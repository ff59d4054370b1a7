// Version of the APOC plugin (fails if APOC is not installed: check
// health/plugin_functions first).
//
// Parameters: none
//
// Returns: one row: version.
// Mode: read
RETURN apoc.version() AS version
