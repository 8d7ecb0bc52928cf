// Removes up to $limit of the relationships the ceiling measurement created; run until it says 0
// Parameters:
//   :param limit => 50000
MATCH ()-[e:BENCH_CEILING]->()
WITH e LIMIT $limit
DELETE e
RETURN count(*) AS deleted
