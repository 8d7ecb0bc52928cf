"""Detection of coordinated behaviour: identical-neighbourhood bins and co-sharing networks.

One module per detection, one registry entry each (:mod:`registry`), runs in :mod:`runs`, and the
Cypher of every step in ``cypher/detect/``.
"""
