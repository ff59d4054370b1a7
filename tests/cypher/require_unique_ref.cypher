// Test support: a constraint netnp does not check, so that the server alone
// refuses a tie (two KNOWS ties with one ref), in the middle of an import's
// write. Never part of netnp itself.
//
// Parameters: none
//
// Returns: nothing.
// Mode: write
CREATE CONSTRAINT test_unique_ref IF NOT EXISTS
FOR ()-[r:KNOWS]-() REQUIRE r.ref IS UNIQUE
