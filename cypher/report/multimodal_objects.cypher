// Multimodally coordinated objects (alert candidates)
// For each given multimodal run: every object, of any of the kinds an edge spans, that two accounts joined
// by a multimodal COORDINATED edge of that run both shared within the run's window; the same columns as
// report/coordinated_objects (kind = the object's kind), plus kinds = the edges' kind lists per share
// (nested lists: every kind the accounts involved coordinated on). Times are epoch milliseconds (UTC).
// Parameters: runs, a list of {run_id, window_s}.
// :param runs => [{run_id: 'multimodal-3f2a9c0d1e2b4a5c', window_s: 60}]
UNWIND $runs AS run
MATCH (a:Account)-[c:COORDINATED {run_id: run.run_id}]->(b:Account)
WHERE c.kind = 'multimodal'
CALL (a, b, c, run) {
  MATCH (a)-[sa:SHARED]->(o:Object)
  WHERE o.kind IN c.kinds
  MATCH (b)-[sb:SHARED]->(o)
  WHERE abs(sa.at.epochSeconds - sb.at.epochSeconds) <= run.window_s
  RETURN o, sa, sb
}
UNWIND [[a, sa], [b, sb]] AS hit
WITH DISTINCT run, c, o, hit[0] AS acc, hit[1] AS s
WITH run, o, acc, s, collect(c.kinds) AS edge_kinds
OPTIONAL MATCH (p:Post) WHERE p.uid IN [s.post_id, acc.platform + ':' + s.post_id]
WITH run, o, acc, s, edge_kinds,
     max(coalesce(p.like_count, 0) + coalesce(p.retweet_count, 0) + coalesce(p.reply_count, 0)
         + coalesce(p.quote_count, 0) + coalesce(p.share_count, 0) + coalesce(p.comment_count, 0)) AS engagement
WITH run, o, collect(DISTINCT acc) AS accounts, collect(s.at.epochMillis) AS times, count(s) AS shares,
     sum(engagement) AS engagement, collect(edge_kinds) AS kinds
RETURN run.run_id AS run_id, o.kind AS kind, o.uid AS object_uid, o.key AS object_key, o.text AS object_text,
       [x IN accounts | x.uid] AS accounts, times, shares, engagement,
       kinds,
       COLLECT { UNWIND accounts AS x
                 MATCH (x)-[:IN_COMMUNITY {run_id: run.run_id}]->(k:Community)
                 RETURN DISTINCT {uid: k.uid, algorithm: k.algorithm} } AS communities
ORDER BY kind, object_uid
