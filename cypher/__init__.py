"""Everything that talks to Neo4j: the query library (``*.cypher``), the gateway that owns the
driver, the schema, detection, and the managed local server (``server/``)."""
