// Tells that the holder of a lock (see locks/acquire) is alive: sets the
// lock's heartbeat to the server's time, if $holder still holds it.
//
// Parameters:
//   $key: the lock's key. Example: "lock:import"
//   $holder: the id of the process holding it. Example: "7c1e9a3b5d2f4e60"
//
// Returns: one row: held (false when $holder no longer holds the lock: it
// expired and another process took it, or `netnp db reset` deleted it).
// Mode: write
OPTIONAL MATCH (lock:NetnpMeta {key: $key})
WHERE lock.holder = $holder
SET lock.heartbeat = datetime()
RETURN lock IS NOT NULL AS held
