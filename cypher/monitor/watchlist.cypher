// Monitor: the watch list
// Kind: question
// Every account a monitor put on the watch list, in the order they were added, with provenance.
// Parameters: none.
MATCH (a:Account)
WHERE a.watchlisted_at IS NOT NULL
RETURN a.uid AS uid, a.screen_name AS screen_name, a.watchlist_kind AS kind, a.watchlist_run_id AS run_id,
       a.watchlist_community AS community, a.watchlist_reason AS reason, a.watchlisted_at AS added_at,
       a.watchlist_cycle AS cycle
ORDER BY a.watchlisted_at, a.uid
