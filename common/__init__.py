"""graphcli: find coordinated inauthentic behaviour in social-media data with Neo4j and GDS.

The repository's top-level folders are this package's subpackages:
``graphcli.loaders`` (loaders/), ``graphcli.cypher`` (cypher/), ``graphcli.analytics`` (analytics/)
and ``graphcli.cli`` (cli/). This folder (common/) is the root: settings and errors shared by all.
"""

__version__ = "0.1.0"
