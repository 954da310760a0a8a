"""Quality measurement on real corpora read in place from ../shared (never needed by the app itself)."""
