"""The panes of the five stages, one folder each (``persiapan``, ``kebutuhan``, ``pengembangan``,
``penerapan``, ``monev``): the pane the main screen shows (``pane.py``), its dialogs and its
widgets. ``base.StagePane`` is the contract every pane fills in (``base.PlaceholderPane`` for a
stage without a screen of its own); ``registry.PANES`` maps a stage id to its pane. The pure logic
of each stage is in ``workshop/stages/<stage>/``."""
