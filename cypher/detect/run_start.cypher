// Detection run: start (or restart) a run
// Creates the run node, or resets it when the same detection with the same parameters runs again.
// Its old results must have been removed first (detect/run_clear).
// Parameters:
//   :param run_id => 'bins-3f2a9c0d1e2b4a5c'
//   :param kind => 'bins'
//   :param parameters => '{"relation": "likes", "min_items": 1}'
MERGE (r:DetectionRun {id: $run_id})
SET r.kind = $kind, r.parameters = $parameters, r.started_at = datetime(), r.finished_at = null, r.counts = null
RETURN r.id AS id
