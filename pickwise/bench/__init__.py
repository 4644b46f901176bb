"""Benchmarks that print figures (``pickwise bench ...``); never timed assertions in tests."""
