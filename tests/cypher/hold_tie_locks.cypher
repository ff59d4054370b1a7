// Holds a write lock on every relationship until the NetnpMeta "test:release" exists, then fails to let them go.
// A run that writes its tie results waits meanwhile, after it wrote its node chunks.
//
// Parameters:
//   $polls: most looks at the release flag, 0.2 s apart. Example: 3
//
// Returns: one row: polls (when the flag never came).
// Mode: write
MATCH ()-[r]->()
WITH collect(r) AS ties
CALL apoc.lock.rels(ties)
UNWIND range(1, $polls) AS poll
CALL apoc.util.sleep(200)
OPTIONAL MATCH (flag:NetnpMeta {key: 'test:release'})
CALL apoc.util.validate(flag IS NOT NULL, 'released', [])
RETURN count(poll) AS polls
