// Identical-neighbourhood bins: group accounts by their exact set of posts, and write the bins
// Accounts whose sets of liked (retweeted, or liked-or-retweeted) posts are exactly equal form a bin.
// Each account's set is the sorted list of distinct post uids; the bin key is the SHA-256 of those uids
// joined by newlines, so the same data always gives the same keys. Every qualifying account gets
// bin_size_<relation> (1 when alone) and bin_items_<relation>; bins of two or more accounts become
// (:Bin)<-[:IN_BIN]-(:Account) with (:Bin)-[:ON]->(:Post), found by the run. Auto-commit transaction.
// Parameters:
//   :param run_id => 'bins-3f2a9c0d1e2b4a5c'
//   :param relation => 'likes'
//   :param types => ['LIKED']
//   :param min_items => 1
//   :param size_key => 'bin_size_likes'
//   :param items_key => 'bin_items_likes'
MATCH (a:Account)
CALL (a) {
  MATCH (a)-[r:LIKED|RETWEETED]->(p:Post)
  WHERE type(r) IN $types
  WITH DISTINCT p.uid AS item
  ORDER BY item
  RETURN collect(item) AS items
}
WITH a, items
WHERE size(items) >= $min_items AND size(items) > 0
WITH apoc.util.sha256([apoc.text.join(items, '\n')]) AS key, size(items) AS n_items, collect(a) AS members
CALL (key, n_items, members) {
  FOREACH (m IN members | SET m[$size_key] = size(members), m[$items_key] = n_items)
  WITH key, n_items, members
  WHERE size(members) >= 2
  MATCH (run:DetectionRun {id: $run_id})
  CREATE (run)-[:FOUND]->(b:Bin {uid: $run_id + ':' + key, relation: $relation, key: key,
                                 size: size(members), n_items: n_items, run_id: $run_id})
  FOREACH (m IN members | CREATE (m)-[:IN_BIN]->(b))
  WITH b, head(members) AS first
  MATCH (first)-[r:LIKED|RETWEETED]->(p:Post)
  WHERE type(r) IN $types
  WITH DISTINCT b, p
  CREATE (b)-[:ON]->(p)
} IN TRANSACTIONS OF 5000 ROWS
