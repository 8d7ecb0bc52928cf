"""The managed local Neo4j: install it from Maven Central, configure, start, stop."""

from graphcli.server.install import Installation, install
from graphcli.server.process import ManagedServer, ServerStatus

__all__ = ["Installation", "ManagedServer", "ServerStatus", "install"]
