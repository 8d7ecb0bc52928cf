// Server ceiling: find both ends, then CREATE a relationship without properties (no MERGE check)
// Parameters:
//   :param liked => [{account_uid: 'twitter:1', post_uid: 'twitter:9'}]
UNWIND $liked AS r
MATCH (a:Account {uid: r.account_uid}) USING INDEX a:Account(uid)
MATCH (p:Post {uid: r.post_uid}) USING INDEX p:Post(uid)
CREATE (a)-[:BENCH_CEILING]->(p)
