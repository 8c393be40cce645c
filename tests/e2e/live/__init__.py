"""Helpers of the live end-to-end outage test: processes, Prometheus/Alertmanager clients, guests."""
