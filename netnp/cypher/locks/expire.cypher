// Deletes a lock (see locks/acquire) whose holder died without releasing it:
// its last heartbeat is older than $expiry_seconds. Only if $holder still
// holds it, so that of two processes that found it stale, the second does
// not delete the lock the first has taken since.
//
// Parameters:
//   $key: the lock's key. Example: "lock:import"
//   $holder: the id of the dead holder. Example: "7c1e9a3b5d2f4e60"
//   $expiry_seconds: how long a lock outlives its holder's last heartbeat. Example: 60
//
// Returns: one row: expired (whether the lock was deleted).
// Mode: write
OPTIONAL MATCH (lock:NetnpMeta {key: $key})
WHERE lock.holder = $holder AND lock.heartbeat < datetime() - duration({seconds: $expiry_seconds})
DELETE lock
RETURN lock IS NOT NULL AS expired
