// Detection runs
// Every detection run, newest first, with its parameters and counts (JSON strings) and how many
// bins or communities hang off it.
// Parameters: none.
MATCH (r:DetectionRun)
OPTIONAL MATCH (r)-[:FOUND]->(n)
WITH r, count(n) AS found
RETURN r.id AS id, r.kind AS kind, r.parameters AS parameters, toString(r.started_at) AS started_at,
       toString(r.finished_at) AS finished_at, r.counts AS counts, found
ORDER BY r.started_at DESC
