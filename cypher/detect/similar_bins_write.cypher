// Near-identical neighbourhoods: write groups of accounts linked by Jaccard similarity
// Each row is one group (a connected component of distinct post sets with Jaccard >= the threshold):
// a (:Bin {similarity}) found by the run, IN_BIN from its accounts and ON to the union of their posts.
// Parameters:
//   :param run_id => 'bins-3f2a9c0d1e2b4a5c'
//   :param relation => 'likes'
//   :param similarity => 0.8
//   :param rows => [{key: 'abc', size: 2, n_items: 3, accounts: ['twitter:1', 'twitter:2'], items: ['twitter:9']}]
UNWIND $rows AS row
MATCH (run:DetectionRun {id: $run_id})
CREATE (run)-[:FOUND]->(b:Bin {uid: $run_id + ':' + row.key, relation: $relation, key: row.key, size: row.size,
                               n_items: row.n_items, similarity: $similarity, run_id: $run_id})
WITH b, row
CALL (b, row) {
  UNWIND row.accounts AS uid
  MATCH (a:Account {uid: uid})
  CREATE (a)-[:IN_BIN]->(b)
}
CALL (b, row) {
  UNWIND row.items AS uid
  MATCH (p:Post {uid: uid})
  CREATE (b)-[:ON]->(p)
}
RETURN count(b) AS bins
