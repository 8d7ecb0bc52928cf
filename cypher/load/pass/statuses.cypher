// Load pass: account status checks
// Merges each (:StatusCheck) on its uid and links it to its account, then copies the latest check
// (by checked_at; the lowest uid among equals) onto each account it touched.
// Parameters:
//   :param statuses => [{uid: '9a1b...', account_uid: 'twitter:1', props: {status: 'suspended', checked_at: '2022-10-03T00:00:00+00:00', error_title: 'Forbidden', error_detail: 'User has been suspended: [1].'}}]
CALL () {
  UNWIND $statuses AS r
  MATCH (a:Account {uid: r.account_uid}) USING INDEX a:Account(uid)
  MERGE (s:StatusCheck {uid: r.uid})
  ON CREATE SET s += r.props, s.checked_at = datetime(r.props.checked_at)
  MERGE (a)-[:HAD_STATUS]->(s)
}
UNWIND $statuses AS r
WITH DISTINCT r.account_uid AS uid
MATCH (a:Account {uid: uid}) USING INDEX a:Account(uid)
CALL (a) {
  MATCH (a)-[:HAD_STATUS]->(s)
  WITH s ORDER BY s.checked_at IS NULL, s.checked_at DESC, s.uid LIMIT 1
  SET a.status = s.status, a.status_checked_at = s.checked_at,
      a.status_error_title = s.error_title, a.status_error_detail = s.error_detail
}
