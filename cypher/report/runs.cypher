// Detection runs
// Every detection run with its parameters, and which co-sharing kinds its COORDINATED edges and
// communities have (a run may have written edges of one kind only). Newest first.
// Parameters: none.
MATCH (r:DetectionRun)
RETURN r.id AS run_id, r.kind AS kind, r.parameters AS parameters, r.started_at AS started_at,
       r.finished_at AS finished_at, r.counts AS counts,
       COLLECT { MATCH (r)-[:FOUND]->(c:Community) RETURN DISTINCT c.kind } AS community_kinds,
       COLLECT { MATCH (r)-[:FOUND]->(b:Bin) RETURN DISTINCT b.relation } AS bin_relations
ORDER BY started_at DESC, run_id DESC
