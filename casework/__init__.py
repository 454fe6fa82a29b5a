"""casework: case management for county rehabilitation aid and child protection."""
