// Accounts' element ids
// The element id of each account named by uid (accounts not in the graph are left out), so that a
// writer of many relationships between the same accounts finds each one by its id instead of searching
// the uid index once per relationship end (detect/coordinated_write).
// Parameters:
//   :param uids => ['twitter:1', 'twitter:2']
UNWIND $uids AS uid
MATCH (a:Account {uid: uid})
RETURN uid, elementId(a) AS id
