"""netnp: social network analysis for associations and NGOs, in Neo4j."""

__version__ = "0.1.0"
