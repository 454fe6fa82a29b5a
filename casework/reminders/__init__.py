"""Reminder rules: set-based scans that raise, resolve and escalate reminders.

Every rule is a few INSERT ... SELECT / UPDATE statements over indexed columns, never a loop
over cases in Python. `catalogue()` lists them: one generic rule per deadline of every
workflow in casework.workflows.registry, plus the rules no single state carries.
"""
