// Tells analysis/hold_tie_locks to let the relationships go.
//
// Parameters: none
//
// Returns: one row: released.
// Mode: write
MERGE (flag:NetnpMeta {key: 'test:release'})
RETURN true AS released
