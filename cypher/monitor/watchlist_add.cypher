// Monitor: put accounts on the watch list
// Marks each account not yet on the list with when, why and by which run and community it was found.
// An account already listed keeps its first entry, so the list never holds it twice.
// Parameters:
//   :param rows => [{uid: 'twitter:42', kind: 'link', run_id: 'cosharing-ab12', community: 'c-1', reason: 'coordinated link sharing ...'}]
//   :param cycle_id => '20221005T120000Z-1a2b3c'
UNWIND $rows AS row
MATCH (a:Account {uid: row.uid})
WHERE a.watchlisted_at IS NULL
SET a.watchlisted_at = datetime(), a.watchlist_kind = row.kind, a.watchlist_run_id = row.run_id,
    a.watchlist_community = row.community, a.watchlist_reason = row.reason, a.watchlist_cycle = $cycle_id
RETURN a.uid AS uid
