"""netnp's own Neo4j server, assembled from Maven Central artifacts."""
