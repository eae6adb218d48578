"""Reorganizations of the tree that move members and take the ratings' tallies again (dissolve, merge,
split and the correction or withdrawal of their decisions): above dangbo.members and dangbo.evaluations,
below the pages. The models, migrations and audit actions stay in dangbo.organizations."""
