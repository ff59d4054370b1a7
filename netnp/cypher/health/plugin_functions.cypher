// Which plugins are installed, told by their version functions.
// Checked before calling them, since calling a missing function is an error.
//
// Parameters: none
//
// Returns: one row per installed plugin version function: name
//   ('apoc.version' for APOC, 'gds.version' for Graph Data Science).
// Mode: read
SHOW FUNCTIONS YIELD name
WHERE name IN ['apoc.version', 'gds.version']
RETURN name
