// Which of some keyed hashes of identifiers belong to forgotten entities
// (see person/store_forgotten), each found through the unique index on
// NetnpMeta.key.
//
// Parameters:
//   $hashes: keyed hashes of the identifiers an import names. Example: ["3f9a0c51d2e87b46a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718"]
//
// Returns: one row per forgotten hash: hash.
// Mode: read
UNWIND $hashes AS hash
MATCH (f:NetnpMeta {key: 'forgotten:' + hash})
RETURN f.hash AS hash
