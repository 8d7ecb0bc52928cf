// Detection run: mark a run finished
// Parameters:
//   :param run_id => 'bins-3f2a9c0d1e2b4a5c'
//   :param counts => '{"bins": 12, "accounts_in_bins": 80}'
MATCH (r:DetectionRun {id: $run_id})
SET r.finished_at = datetime(), r.counts = $counts
RETURN r.id AS id
