// Holds a write lock on every relationship for $ms milliseconds, then lets them go.
// A run that writes its tie results waits meanwhile, after it wrote its node chunks.
//
// Parameters:
//   $ms: how long to hold the locks. Example: 10
//
// Returns: one row: ties (locked).
// Mode: write
MATCH ()-[r]->()
WITH collect(r) AS ties
CALL apoc.lock.rels(ties)
CALL apoc.util.sleep($ms)
RETURN size(ties) AS ties
