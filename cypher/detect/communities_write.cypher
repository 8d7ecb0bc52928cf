// Co-sharing: write communities
// One (:Community) per row, found by the run, with IN_COMMUNITY from each member account.
// component = the smallest account uid of its weakly connected component.
// Parameters:
//   :param run_id => 'cosharing-3f2a9c0d1e2b4a5c'
//   :param kind => 'link'
//   :param algorithm => 'leiden'
//   :param rows => [{uid: 'cosharing-...:ab12', size: 3, density: 1.0, component: 'twitter:1', accounts: ['twitter:1']}]
UNWIND $rows AS row
MATCH (run:DetectionRun {id: $run_id})
CREATE (run)-[:FOUND]->(c:Community {uid: row.uid, run_id: $run_id, kind: $kind, algorithm: $algorithm,
                                     size: row.size, density: row.density, component: row.component})
WITH c, row
CALL (c, row) {
  UNWIND row.accounts AS uid
  MATCH (a:Account {uid: uid})
  CREATE (a)-[:IN_COMMUNITY {run_id: $run_id}]->(c)
}
RETURN count(c) AS communities
