// Behavioural traces: write the similarity edges
// One edge per pair of accounts (lower uid to higher; read it undirected) whose TF-IDF weighted traces are
// more alike (cosine) than any pair in the run's shuffled worlds: kind = 'traces', weight = similarity
// = the cosine, shared = how many distinct trace tokens (hashtags, domains, retweeted posts) they share.
// Parameters:
//   :param run_id => 'traces-3f2a9c0d1e2b4a5c'
//   :param rows => [{source: 'facebook:1', target: 'facebook:2', similarity: 0.83, shared: 9}]
UNWIND $rows AS row
MATCH (a:Account {uid: row.source})
MATCH (b:Account {uid: row.target})
CREATE (a)-[c:COORDINATED {kind: 'traces', weight: row.similarity, similarity: row.similarity,
                           shared: row.shared, run_id: $run_id}]->(b)
RETURN count(c) AS edges
