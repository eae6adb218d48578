"""The reports' rules: pure Python, no Django imports."""
