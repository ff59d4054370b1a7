// Deletes a lock (see locks/acquire) whose holder died without releasing it:
// its last heartbeat is older than $expiry_seconds, or ($dead) a process on
// the holder's machine found that the holder's pid runs no more. Only if
// $holder still holds it, so that of two processes that found it dead, the
// second does not delete the lock the first has taken since.
//
// Parameters:
//   $key: the lock's key. Example: "lock:import"
//   $holder: the id of the dead holder. Example: "7c1e9a3b5d2f4e60"
//   $expiry_seconds: how long a lock outlives its holder's last heartbeat. Example: 60
//   $dead: true when the holder's process is known to be gone. Example: false
//
// Returns: one row: expired (whether the lock was deleted).
// Mode: write
OPTIONAL MATCH (lock:NetnpMeta {key: $key})
WHERE lock.holder = $holder AND ($dead OR lock.heartbeat < datetime() - duration({seconds: $expiry_seconds}))
DELETE lock
RETURN lock IS NOT NULL AS expired
