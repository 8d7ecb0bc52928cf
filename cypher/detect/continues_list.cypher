// Persistence over time: the CONTINUES matches of a run
// Kind: question
// Each match of a later slice's community to a group's community in an earlier slice, in slice order:
// the two communities and their co-sharing (slice) runs, the Jaccard index of their members, the members
// in both, the slices in between where the group was missing (gap), and the accounts new to the group.
// Parameters:
//   :param run_id => 'persistence-3f2a9c0d1e2b4a5c'
//   :param limit => 100
MATCH (a:Community)-[k:CONTINUES {run_id: $run_id}]->(b:Community)
RETURN a.uid AS source, a.run_id AS source_run, b.uid AS target, b.run_id AS target_run,
       k.jaccard AS jaccard, k.shared AS shared, k.gap AS gap, k.new_accounts AS new_accounts
ORDER BY source_run, target_run, source
LIMIT $limit
