"""Business logic: services write, selectors read; views, tasks and commands call these."""
