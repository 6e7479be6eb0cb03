"""Target-group rules stored as data: a whitelisted field map, a compiler to Django Q, a renderer in Chinese,
and a plain-Python evaluator (the baseline the benchmark compares against, and a cross-check in tests).

A rule is JSON: `{"all": [node, …]}`, `{"any": [node, …]}` or a condition
`{"field": "file.status", "op": "in", "value": ["formal", "temporary", "returned"]}`. No eval anywhere:
fields are looked up in `all_fields()` (its own and those the apps above contribute) and operators in
OPERATORS, everything else is refused.
"""
