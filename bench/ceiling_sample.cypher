// Benchmark input: likes already in the graph, as the likes pass receives them (times as ISO strings)
// Parameters:
//   :param limit => 200000
MATCH (a:Account)-[e:LIKED]->(p:Post)
RETURN a.uid AS account_uid, p.uid AS post_uid, toString(e.first_seen) AS first_seen,
       toString(e.last_seen) AS last_seen, e.source AS source
LIMIT $limit
