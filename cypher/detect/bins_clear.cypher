// Identical-neighbourhood bins: clear the per-account bin properties of one relation
// Removes bin_size_<relation> and bin_items_<relation> from every account before a new binning,
// so accounts that no longer qualify do not keep a stale size. Runs in an auto-commit transaction.
// Parameters:
//   :param size_key => 'bin_size_likes'
//   :param items_key => 'bin_items_likes'
MATCH (a:Account)
WHERE a[$size_key] IS NOT NULL OR a[$items_key] IS NOT NULL
CALL (a) { SET a[$size_key] = null, a[$items_key] = null } IN TRANSACTIONS OF 10000 ROWS
