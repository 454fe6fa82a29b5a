"""The scheduler process: `python -m jobs`. Job functions call casework services; jobs never
imports web, and web never starts the scheduler."""
