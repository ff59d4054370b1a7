// Creates one Turnstile node per id, for the tests that make transactions deadlock.
//
// Parameters:
//   $ids: the ids. Example: ["gate", "s1", "s2", "a", "b"]
//
// Returns: one row: created.
// Mode: write
UNWIND $ids AS id
CREATE (:Turnstile {id: id})
RETURN count(*) AS created
