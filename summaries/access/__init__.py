"""API tokens: made, stored as digests only, checked, and shown in the admin."""
