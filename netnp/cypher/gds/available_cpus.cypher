// The processors the Graph Data Science plugin sees on the server, and its edition.
// GDS algorithms run with 4 threads by default; on a server with fewer
// processors the threads contend and slow each other down, so netnp asks for
// as many threads as processors. GDS Community ("OpenGDS") refuses more than 4.
//
// Parameters: none
//
// Returns: one row: cpus, edition.
// Mode: read
CALL gds.debug.sysInfo() YIELD key, value
WITH collect([key, value]) AS info
RETURN [entry IN info WHERE entry[0] = 'availableCPUs'][0][1] AS cpus,
       [entry IN info WHERE entry[0] = 'gdsEdition'][0][1] AS edition
