"""Core: what every stage shares: the task model (`model`), the reporting period (`period`), the
status labels and colours (`palette`), the one exception family (`errors`), the office's
settings (`office`) and a run's configuration (`config`), the files that ship with the package
(`resources`), lead units (`leads`) and files written whole or not at all (`atomic`).

It imports only `text`; every stage may use its modules.
"""
