// Benchmark input: accounts, posts or objects by uid
// Parameters:
//   :param rows => [{a: 'twitter:a1'}] or [{p: 'twitter:p1'}] or [{o: 'https://x.org/1'}]
UNWIND $rows AS row
FOREACH (uid IN CASE WHEN row.a IS NULL THEN [] ELSE [row.a] END | CREATE (:Account {uid: uid}))
FOREACH (uid IN CASE WHEN row.p IS NULL THEN [] ELSE [row.p] END | CREATE (:Post {uid: uid}))
FOREACH (key IN CASE WHEN row.o IS NULL THEN [] ELSE [row.o] END |
  CREATE (:Object {uid: 'link:' + key, kind: 'link', key: key}))
