"""Webhooks: endpoints editors register for events (a summary approved, published, a run failed), deliveries
signed as Standard Webhooks specifies (signing.py), sent by a worker on the fetching queue with retries and
backoff (attempts.py, over delivery.py), every attempt logged, re-sendable by hand.

An event is recorded in the transaction that changed the state (events.py), so a rolled-back approval never
announces itself and a committed one always does; the message to the worker goes out after commit.
"""
