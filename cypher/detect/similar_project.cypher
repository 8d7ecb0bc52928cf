// Near-identical neighbourhoods: project one account per distinct post set, with its posts, for GDS
// Accounts with exactly the same set are collapsed to one representative (the smallest uid), so node
// similarity compares distinct sets only.
// Parameters:
//   :param graph_name => 'graphcli-bins-3f2a9c0d1e2b4a5c'
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
WITH apoc.util.sha256([apoc.text.join(items, '\n')]) AS key, min(a.uid) AS representative
MATCH (rep:Account {uid: representative})-[r:LIKED|RETWEETED]->(p:Post)
WHERE type(r) IN $types
WITH DISTINCT rep, p
WITH gds.graph.project($graph_name, rep, p, {sourceNodeLabels: 'Account', targetNodeLabels: 'Post'}) AS g
RETURN g.graphName AS graph_name, g.nodeCount AS nodes, g.relationshipCount AS relationships
