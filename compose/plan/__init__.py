"""Plans: pure data saying which engine calls bring a stack from what is observed to what is desired.

No I/O, no prompts, no printing here: ``reconcile.plan_up`` and ``teardown.plan_down``
take the model and an ``ObservedState`` and return a ``Plan`` that ``compose.apply``
executes and ``--dry-run`` prints.
"""
