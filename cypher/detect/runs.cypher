// Detection runs
// Kind: question
// Every detection run, newest first: its kind, parameters and counts (JSON strings; counts hold what
// the run resolved, e.g. window_s for --window auto) and how many bins or communities hang off it.
// Parameters: none.
MATCH (r:DetectionRun)
RETURN r.id AS run_id, r.kind AS kind, r.parameters AS parameters, r.counts AS counts,
       toString(r.started_at) AS started_at, toString(r.finished_at) AS finished_at,
       COUNT { (r)-[:FOUND]->() } AS found
ORDER BY r.started_at DESC, run_id DESC
