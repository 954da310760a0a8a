"""Model operations: the configured models downloaded, converted and recorded on their way to the workers."""
