// Identical-neighbourhood bins: the distinct post sets and who has them
// One row per distinct set of posts (liked, retweeted or both): its key (SHA-256 of the sorted uids
// joined by newlines), the sorted post uids and the accounts having exactly that set. Used for
// near-identical (Jaccard) grouping, which compares distinct sets rather than accounts.
// Parameters:
//   :param types => ['LIKED']
//   :param min_items => 1
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
WITH items, a.uid AS account ORDER BY account
WITH items, collect(account) AS accounts
RETURN apoc.util.sha256([apoc.text.join(items, '\n')]) AS key, items, accounts
