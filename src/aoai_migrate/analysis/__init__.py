"""Analyses shared by several rules: ``try`` statements around SDK calls, stream loops."""
