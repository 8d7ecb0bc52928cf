// Fresh load: new shares
// The shares pass (load/pass/shared) for (account, object, post id) shares a load into an empty
// database knows to be new.
// Parameters:
//   :param shared => [{account_uid: 'twitter:1', object_uid: 'domain:example.org', post_id: '9', at: '2022-10-01T12:00:00+00:00', kind: 'domain'}]
UNWIND $shared AS r
MATCH (a:Account {uid: r.account_uid}) USING INDEX a:Account(uid)
MATCH (o:Object {uid: r.object_uid}) USING INDEX o:Object(uid)
CREATE (a)-[:SHARED {post_id: r.post_id, at: datetime(r.at), kind: r.kind}]->(o)
