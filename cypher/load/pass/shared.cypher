// Load pass: shares
// Merges (:Account)-[:SHARED {post_id}]->(:Object): one relationship per post that shared the object.
// Parameters:
//   :param shared => [{account_uid: 'twitter:1', object_uid: 'domain:example.org', post_id: '9', at: '2022-10-01T12:00:00+00:00', kind: 'domain'}]
UNWIND $shared AS r
MATCH (a:Account {uid: r.account_uid}) USING INDEX a:Account(uid)
MATCH (o:Object {uid: r.object_uid}) USING INDEX o:Object(uid)
MERGE (a)-[s:SHARED {post_id: r.post_id}]->(o)
ON CREATE SET s.at = datetime(r.at), s.kind = r.kind
