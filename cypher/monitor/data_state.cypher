// Monitor: what the detections would read now
// Per co-sharing kind: the number of shares and the newest share time (epoch ms); and the number of
// likes and retweets the bins read (named 'bins:likes', 'bins:retweets'). A monitor re-runs a detection
// only when its figures differ from the ones it last detected over.
// Parameters: none.
CALL () {
  MATCH ()-[s:SHARED]->()
  RETURN s.kind AS name, count(s) AS items, max(s.at).epochMillis AS newest
  UNION ALL
  MATCH ()-[l:LIKED]->()
  RETURN 'bins:likes' AS name, count(l) AS items, null AS newest
  UNION ALL
  MATCH ()-[r:RETWEETED]->()
  RETURN 'bins:retweets' AS name, count(r) AS items, null AS newest
}
RETURN name, items, newest
ORDER BY name
