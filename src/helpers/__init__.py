"""hop-rapporter: a municipality's budget and accounts turned into council reports.

Layers, from data to the finished appendix (the README has the same table):

- data: ``specs`` (one FileSpec per CSV file), ``data`` (loading and validation),
  ``reads`` (which files a report read), ``coverage`` (years), ``kommuner``;
- the model: ``model.bdi`` and ``model.economy`` — the one computation of the
  municipality's economy that every report reads;
- reports: ``handlingsregler``/``handlingsregler_rapport``, ``finans``, ``investering``,
  ``kostra``, ``klima``, ``befolkning``, ``tertial``, ``alternativer``;
- presentation: ``formatting``, ``charts``, ``report``, ``merknad``, ``nokkeltall*``;
- the runner: ``cli`` (``hop``), ``build``, ``engine``, ``fingerprint``, ``parametre``,
  ``export``, ``interactive``, ``appendix``, ``paths``, ``lockfile``.
"""
