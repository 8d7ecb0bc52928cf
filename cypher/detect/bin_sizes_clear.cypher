// Identical-neighbourhood bins: clear every account's bin size for one relation
// Before an engine outside Neo4j (Spark) writes the sizes of a new binning: accounts that carry
// bin_size_<relation> / bin_items_<relation> from an earlier binning lose them, so afterwards they
// describe the latest run only (as detect/bins_write leaves them). Auto-commit transaction.
// Parameters:
//   :param size_key => 'bin_size_likes'
//   :param items_key => 'bin_items_likes'
MATCH (a:Account)
WHERE a[$size_key] IS NOT NULL OR a[$items_key] IS NOT NULL
CALL (a) {
  SET a[$size_key] = null, a[$items_key] = null
} IN TRANSACTIONS OF 10000 ROWS
