"""Pure rules: no database, no clock; every function takes the dates it needs."""
