// Load pass: who posted what
// Links authors to their posts; both nodes were merged by the accounts and posts passes (of this
// batch or an earlier one of the same load).
// Parameters:
//   :param posted => [{account_uid: 'twitter:1', post_uid: 'twitter:9'}]
UNWIND $posted AS r
MATCH (a:Account {uid: r.account_uid}) USING INDEX a:Account(uid)
MATCH (p:Post {uid: r.post_uid}) USING INDEX p:Post(uid)
MERGE (a)-[:POSTED]->(p)
