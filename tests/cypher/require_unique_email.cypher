// Test support: a constraint netnp does not check, so that the server alone
// refuses a row (two entities with one email), in the middle of an import's
// write. Never part of netnp itself.
//
// Parameters: none
//
// Returns: nothing.
// Mode: write
CREATE CONSTRAINT test_unique_email IF NOT EXISTS
FOR (n:Entity) REQUIRE n.email IS UNIQUE
