// Server ceiling: find both ends of each like by their uid index, and write nothing
// Parameters:
//   :param liked => [{account_uid: 'twitter:1', post_uid: 'twitter:9'}]
UNWIND $liked AS r
MATCH (a:Account {uid: r.account_uid}) USING INDEX a:Account(uid)
MATCH (p:Post {uid: r.post_uid}) USING INDEX p:Post(uid)
RETURN count(*) AS found
