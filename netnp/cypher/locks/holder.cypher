// Who holds a lock (see locks/acquire), without taking it: what a process
// reads while it waits for the lock, and an analysis to wait for the imports
// running. A holder whose last heartbeat is older than $expiry_seconds is
// dead (stale), and its lock may be taken over (locks/expire).
//
// Parameters:
//   $key: the lock's key. Example: "lock:import"
//   $expiry_seconds: how long a lock outlives its holder's last heartbeat. Example: 60
//
// Returns: at most one row, when the lock is held: holder, command, pid,
// host, machine, taken_at (ISO time), stale.
// Mode: read
MATCH (lock:NetnpMeta {key: $key})
RETURN lock.holder AS holder, lock.command AS command, lock.pid AS pid, lock.host AS host,
       lock.machine AS machine, toString(lock.taken_at) AS taken_at,
       lock.heartbeat < datetime() - duration({seconds: $expiry_seconds}) AS stale
