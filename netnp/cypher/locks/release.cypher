// Releases a lock (see locks/acquire) if $holder holds it: deletes its node,
// so that the next process to ask creates it.
//
// Parameters:
//   $key: the lock's key. Example: "lock:import"
//   $holder: the id of the process holding it. Example: "7c1e9a3b5d2f4e60"
//
// Returns: one row: released (false when $holder did not hold the lock).
// Mode: write
OPTIONAL MATCH (lock:NetnpMeta {key: $key})
WHERE lock.holder = $holder
DELETE lock
RETURN lock IS NOT NULL AS released
