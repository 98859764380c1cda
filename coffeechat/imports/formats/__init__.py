"""Readers of the files users already have: each turns bytes into rows (see `..rows`)."""
