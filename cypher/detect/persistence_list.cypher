// Persistence over time: the groups of a run
// Kind: question
// Each group a persistence run followed across time slices, reappearing first, then growing, then
// persisting, biggest first: its status, share kind, slices, sizes, and every member with when it
// joined, whether it is new (joined after the first slice) and the slice community it came in through,
// with the co-sharing run of that slice.
// Parameters:
//   :param run_id => 'persistence-3f2a9c0d1e2b4a5c'
//   :param limit => 100
MATCH (:DetectionRun {id: $run_id})-[:FOUND]->(g:Community {kind: 'persistence'})
CALL (g) {
  MATCH (a:Account)-[m:IN_COMMUNITY {run_id: $run_id}]->(g)
  OPTIONAL MATCH (via:Community {uid: m.via})
  WITH a, m, via ORDER BY m.joined_at, a.uid
  RETURN collect({uid: a.uid, name: a.screen_name, joined_at: toString(m.joined_at),
                  new: m.new, via: m.via, via_run: via.run_id}) AS members
}
RETURN g.uid AS uid, g.status AS status, g.share_kind AS share_kind, g.size AS size, g.slices AS slices,
       toString(g.first_start) AS first_start, toString(g.last_start) AS last_start,
       g.first_size AS first_size, g.last_size AS last_size, g.new_accounts AS new_accounts,
       g.min_jaccard AS min_jaccard, g.gaps AS gaps, members
ORDER BY CASE g.status WHEN 'reappears' THEN 0 WHEN 'grows' THEN 1 ELSE 2 END, size DESC, uid
LIMIT $limit
