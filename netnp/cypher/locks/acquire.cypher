// Takes one of netnp's locks: creates the NetnpMeta node whose key names the
// lock ('lock:import', which imports, samples and crawls take to write
// entities and ties), with the id of the process that holds it. The unique
// constraint on NetnpMeta.key makes this a mutex: when the node exists, the
// query fails (ConstraintValidationFailed), and when two processes ask at
// once, the second waits for the first to commit, then fails. The holder
// then keeps `heartbeat` fresh (locks/heartbeat) and deletes the node when
// done (locks/release). Times are the server's, so that the clocks of the
// machines do not matter.
//
// Parameters:
//   $key: the lock's key. Example: "lock:import"
//   $holder: the id of the process asking for it. Example: "7c1e9a3b5d2f4e60"
//   $about: what the holder is doing, shown to whoever waits: command, pid, host, and machine (the host and its process namespace, which tells whether the pid is on the same machine as a waiting process). Example: {"command": "netnp import", "pid": 4242, "host": "asso-server", "machine": "asso-server/4026531836"}
//
// Returns: one row: holder.
// Mode: write
CREATE (lock:NetnpMeta {key: $key, holder: $holder, command: $about.command, pid: $about.pid, host: $about.host,
                        machine: $about.machine, taken_at: datetime(), heartbeat: datetime()})
RETURN lock.holder AS holder
