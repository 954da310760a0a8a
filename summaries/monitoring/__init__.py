"""What operators watch: /healthz, /metrics and the request timings."""
