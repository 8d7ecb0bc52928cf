// Persistence over time: write the CONTINUES matches
// One (:Community)-[:CONTINUES]->(:Community) per match of a later slice's community to the community of
// a group in an earlier slice: jaccard = shared members / members of either, shared = members in both,
// gap = slices in between where the group was not found (0 = the next slice), new_accounts = members
// the group never had before. run_id = the persistence run.
// Parameters:
//   :param run_id => 'persistence-3f2a9c0d1e2b4a5c'
//   :param rows => [{source: 'cosharing-aa:01', target: 'cosharing-bb:02', jaccard: 0.6, shared: 6, gap: 0, new_accounts: ['facebook:9']}]
UNWIND $rows AS row
MATCH (a:Community {uid: row.source})
MATCH (b:Community {uid: row.target})
CREATE (a)-[k:CONTINUES {run_id: $run_id, jaccard: row.jaccard, shared: row.shared, gap: row.gap,
                         new_accounts: row.new_accounts}]->(b)
RETURN count(k) AS continues
