// Benchmark input: likes (accounts and posts are created first by load_nodes)
// Parameters:
//   :param rows => [{a: 'twitter:a1', p: 'twitter:p1'}]
UNWIND $rows AS row
MATCH (a:Account {uid: row.a})
MATCH (p:Post {uid: row.p})
CREATE (a)-[:LIKED]->(p)
