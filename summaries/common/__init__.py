"""What every domain shares and none owns: messages, text direction, formatting, permissions, time limits."""
