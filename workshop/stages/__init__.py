"""The five stages of PermenPAN-RB 35/2012, one folder of pure logic each (no Textual, no files).

Where a stage lives, end to end (logic here, its pane in ``workshop/tui/stages/<stage>/``, its
documents in ``workshop/export/markdown/``, its tests under ``tests/stages/`` and
``tests/tui/stages/``):

============  =====================================  ==========================================
stage         logic                                  records kept by
============  =====================================  ==========================================
persiapan     (no rule beyond the records)           ``workshop.store.units``: event, units,
                                                     team, PINs, readiness
kebutuhan     ``stages.kebutuhan.needs``: Tabel 6,    ``workshop.store.needs``
              titles, coverage, overlaps, adoption,
              votes, ranking
pengembangan  ``stages.pengembangan.editing``         ``workshop.store.sops``
              (editor operations), ``.approval``
              (numbering, versions, diff),
              ``.handoff`` (keselarasan)
penerapan     ``stages.monev.monev``                  ``workshop.store.sops`` (the record's
              (``record_implementation``: one         implementation list)
              status machine with monitoring)
monev         ``stages.monev.monev``: Tabel 7,        ``workshop.store.sops``
              evaluation, due dates
============  =====================================  ==========================================

What every stage shares stays at the top of ``workshop/``: the model and its field and status
declarations (``model``, ``fields``, ``status``), one SOP (``sopfile``, ``rules``, ``flow``,
``flowchart``, ``duration``), the guideline (``pedoman``), progress (``progress``). The sessions
that run across stages (agenda timer, minutes, plans, slides) are ``workshop/sesi/``.
"""
