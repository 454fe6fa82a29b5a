"""Marshmallow request and response schemas of the JSON API, one module per resource."""
