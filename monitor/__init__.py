"""Orchestration: the monitoring cycle, which loads, detects, reports and alerts in turn. It sits above
``loaders``, ``detect`` and ``analytics`` because it calls all three."""
