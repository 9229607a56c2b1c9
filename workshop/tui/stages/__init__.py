"""The panes of the five stages, one folder each (``persiapan``, ``kebutuhan``, ``pengembangan``,
``penerapan``, ``monev``): the pane the main screen shows (``pane.py``), its dialogs and its
widgets. ``base.StagePane`` is the pane of a stage without a screen of its own. The pure logic
of each stage is in ``workshop/stages/<stage>/``."""
