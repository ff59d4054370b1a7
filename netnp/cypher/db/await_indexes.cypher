// Waits until every index (among them the ones behind uniqueness constraints)
// is ONLINE. An index created a moment ago is populated in the background;
// until it is ONLINE the planner cannot use it, and a query planned then
// (say, an import's `MATCH (a:Entity {id: row.source})`) scans every Entity
// for every row, and stays planned that way in the query cache. netnp runs it
// after applying schema modules.
//
// Parameters:
//   $seconds: how long to wait before failing. Example: 300
//
// Returns: nothing; fails if an index is not ONLINE after $seconds.
// Mode: read
CALL db.awaitIndexes($seconds)
