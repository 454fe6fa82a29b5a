"""Case workflows: one declarative definition per case kind, run by one shared engine."""
