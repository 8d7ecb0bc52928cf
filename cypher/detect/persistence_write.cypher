// Persistence over time: write the groups found in two slices or more
// One (:Community {kind: 'persistence'}) per group, found by the persistence run: its status (persists,
// grows, reappears), the share kind, how many slices and accounts, its first and last slice, the sizes
// of its first and last community, how many accounts joined later, the lowest Jaccard of its matches
// and how many times it came back after a gap. SPANS leads to its community in each slice; each member
// has IN_COMMUNITY {run_id, joined_at (start of the slice it first appeared in), new (joined after the
// first slice), via (the slice community it came in through)}: the provenance of a watch-list entry.
// Parameters:
//   :param run_id => 'persistence-3f2a9c0d1e2b4a5c'
//   :param rows => [{uid: 'persistence-...:ab12', share_kind: 'message', status: 'grows', size: 8, slices: 2,
//                    first_start: '2022-10-05T00:00:00+00:00', last_start: '2022-10-06T00:00:00+00:00',
//                    first_size: 5, last_size: 8, new_accounts: 3, min_jaccard: 0.625, gaps: 0,
//                    spans: [{uid: 'cosharing-aa:01', slice: 0}, {uid: 'cosharing-bb:02', slice: 1}],
//                    members: [{uid: 'facebook:1', joined_at: '2022-10-05T00:00:00+00:00', new: false, via: 'cosharing-aa:01'}]}]
UNWIND $rows AS row
MATCH (run:DetectionRun {id: $run_id})
CREATE (run)-[:FOUND]->(g:Community {uid: row.uid, run_id: $run_id, kind: 'persistence', algorithm: 'jaccard',
                                     share_kind: row.share_kind, status: row.status, size: row.size,
                                     slices: row.slices, first_start: datetime(row.first_start),
                                     last_start: datetime(row.last_start), first_size: row.first_size,
                                     last_size: row.last_size, new_accounts: row.new_accounts,
                                     min_jaccard: row.min_jaccard, gaps: row.gaps})
WITH g, row
CALL (g, row) {
  UNWIND row.spans AS span
  MATCH (c:Community {uid: span.uid})
  CREATE (g)-[:SPANS {slice: span.slice}]->(c)
}
CALL (g, row) {
  UNWIND row.members AS m
  MATCH (a:Account {uid: m.uid})
  CREATE (a)-[:IN_COMMUNITY {run_id: $run_id, joined_at: datetime(m.joined_at), new: m.new, via: m.via}]->(g)
}
RETURN count(g) AS groups
