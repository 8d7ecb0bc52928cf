// Benchmark input: shares of links (accounts and objects are created first by load_nodes)
// Parameters:
//   :param rows => [{a: 'twitter:a1', o: 'https://x.org/1', t: 1700000000, id: 'm1'}]
UNWIND $rows AS row
MATCH (a:Account {uid: row.a})
MATCH (o:Object {uid: 'link:' + row.o})
CREATE (a)-[:SHARED {kind: 'link', at: datetime({epochSeconds: row.t}), post_id: row.id}]->(o)
