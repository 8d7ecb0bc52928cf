// Fresh load: who posted what, new links
// The posted pass (load/pass/posted) for (account, post) pairs a load into an empty database knows to
// be new: CREATE instead of MERGE.
// Parameters:
//   :param posted => [{account_uid: 'twitter:1', post_uid: 'twitter:9'}]
UNWIND $posted AS r
MATCH (a:Account {uid: r.account_uid}) USING INDEX a:Account(uid)
MATCH (p:Post {uid: r.post_uid}) USING INDEX p:Post(uid)
CREATE (a)-[:POSTED]->(p)
