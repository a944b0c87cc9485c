"""Dated promises in cabinet letters: read the letter (lezen), split it into sentences (zinnen), find
the times (tijd) and the promises (vinden). No Django here (a contract in pyproject.toml)."""
