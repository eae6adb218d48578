"""The UI kit: the forms, views and list helpers every app's pages are built from.

It sits at the bottom of the layers with dangbo.core (pyproject.toml, [tool.importlinter]): it depends
on Django and dangbo.core only, so any app may use it. Helpers that need the tree or the user's
scope live in the app that owns them (dangbo.organizations.pickers, dangbo.accounts.requests).
"""
