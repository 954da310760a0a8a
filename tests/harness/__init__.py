"""The test harness as a Django app of its own (tests/settings.py installs it, so the worker processes the
tests start, which inherit those settings, have it too): faults injected from outside the app's code."""
