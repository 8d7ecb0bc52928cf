"""The one gateway that owns the Neo4j driver (:mod:`gateway`), the schema, and the ``.cypher`` query
library that analysts also open in Neo4j Browser."""
