"""Integration tests against a real CKAN 2.12 started by scripts/realckan."""
