// Schema counts
// Kind: question
// How many constraints (each owns an index) and plain indexes (not lookup, not constraint-backed) exist.
// Parameters: none.
SHOW INDEXES YIELD type, owningConstraint
RETURN sum(CASE WHEN owningConstraint IS NOT NULL THEN 1 ELSE 0 END) AS constraints,
       sum(CASE WHEN type <> 'LOOKUP' AND owningConstraint IS NULL THEN 1 ELSE 0 END) AS indexes
