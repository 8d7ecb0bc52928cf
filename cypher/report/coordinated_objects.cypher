// Coordinated objects (alert candidates)
// Kind: question
// For each given co-sharing run: every object that two accounts joined by a COORDINATED edge of that run
// both shared within the run's window, with the accounts and shares involved (only those coordinated
// shares), their times, the engagement of the posts behind them, and the accounts' communities in the run.
// Times are epoch milliseconds (UTC). Engagement of a post = likes + retweets + replies + quotes + shares + comments as last observed.
// Parameters: runs, a list of {run_id, kind, window_s}.
// :param runs => [{run_id: 'run-link', kind: 'link', window_s: 60}]
UNWIND $runs AS run
MATCH (a:Account)-[c:COORDINATED {run_id: run.run_id}]->(b:Account)
WHERE c.kind = run.kind
// Per edge (a subquery), so the planner walks from the two accounts' own shares and never pairs up every
// share of a popular object.
CALL (a, b, run) {
  MATCH (a)-[sa:SHARED]->(o:Object)
  WHERE o.kind = run.kind
  MATCH (b)-[sb:SHARED]->(o)
  WHERE abs(sa.at.epochSeconds - sb.at.epochSeconds) <= run.window_s
  RETURN o, sa, sb
}
UNWIND [[a, sa], [b, sb]] AS hit
WITH DISTINCT run, o, hit[0] AS acc, hit[1] AS s
OPTIONAL MATCH (p:Post) WHERE p.uid IN [s.post_id, acc.platform + ':' + s.post_id]
WITH run, o, acc, s,
     max(coalesce(p.like_count, 0) + coalesce(p.retweet_count, 0) + coalesce(p.reply_count, 0)
         + coalesce(p.quote_count, 0) + coalesce(p.share_count, 0) + coalesce(p.comment_count, 0)) AS engagement
WITH run, o, collect(DISTINCT acc) AS accounts, collect(s.at.epochMillis) AS times, count(s) AS shares, sum(engagement) AS engagement
RETURN run.run_id AS run_id, run.kind AS kind, o.uid AS object_uid, o.key AS object_key, o.text AS object_text,
       [x IN accounts | x.uid] AS accounts, times, shares, engagement,
       COLLECT { UNWIND accounts AS x
                 MATCH (x)-[:IN_COMMUNITY {run_id: run.run_id}]->(k:Community)
                 RETURN DISTINCT {uid: k.uid, algorithm: k.algorithm} } AS communities
ORDER BY kind, object_uid
