"""Every limit on what sop-workshop reads, in one place (issue 17; DESIGN.md "Safety at the edges").

A reader that meets more than a limit allows stops with a message in Bahasa Indonesia naming
the file (and the line where known): never a traceback, a hang or a machine out of memory.
Documented for users in ``docs/format.md`` (SOP files, bundles) and for developers in
``docs/store.md`` (the store's files, bundles). Change a limit here and only here.
"""

from __future__ import annotations

from typing import Final

MB: Final = 1024 * 1024

# -- one SOP file (sop-ap/1) ------------------------------------------------------------------
SOP_MAX_BYTES: Final = 2 * MB
"""Largest SOP file accepted, in bytes (UTF-8)."""
SOP_MAX_NODES: Final = 100_000
"""Most YAML nodes in one SOP file (a 60-step SOP has under 1,000)."""
SOP_MAX_DEPTH: Final = 16
"""Deepest nesting of collections in an SOP file (an SOP needs 4)."""
SOP_MAX_STEPS: Final = 2_000
"""Most steps in one SOP (real SOPs have under 60; a flowchart of more is unreadable)."""

# -- YAML aliases -----------------------------------------------------------------------------
YAML_ALIASES_ALLOWED: Final = False
"""No reader accepts YAML aliases (``*name``): nothing sop-workshop writes uses them, and an
alias bomb of a few hundred bytes expands to gigabytes. An alias is an error at its line."""

# -- a participant's browser tab (sop-workshop serve) ------------------------------------------
TERMINAL_MAX_COLUMNS: Final = 400
TERMINAL_MAX_ROWS: Final = 200
"""Largest terminal a participant's browser tab may ask for (a 4K screen at a small font is
~380 x 130 cells). A larger resize, or one that is no number, is clamped or ignored, so that
one websocket message cannot make a participant's process lay out 10^10 cells and take the
memory of the machine every participant and the facilitator share (issue 21)."""

INPUT_BACKLOG: Final = 1_000
"""Most keys and mouse moves a participant's process holds that its app has not handled yet.
Beyond that its driver drops them (and the tab says so): a tab sending keys faster than the app
handles them (a script, a megabyte of text that is no paste) grew its process by 5 GB in two
minutes, measured (issue 21). Typing, even a held key while the app is busy for seconds, stays
far below it; a paste is one event and never dropped."""

# -- a bundle (folder of YAML files) ----------------------------------------------------------
BUNDLE_YAML_MAX_BYTES: Final = 32 * MB
"""Largest ``workshop.yaml`` / ``unit.yaml`` of a bundle."""
BUNDLE_YAML_MAX_NODES: Final = 2_000_000
"""Most YAML nodes in one ``workshop.yaml`` / ``unit.yaml``."""
BUNDLE_YAML_MAX_DEPTH: Final = 32
"""Deepest nesting in a bundle's YAML (a record's earlier versions with their steps need 9)."""
BUNDLE_MAX_SOPS_PER_UNIT: Final = 1_000
"""Most SOP records one unit of a bundle may bring (a province workshop has about 100)."""
BUNDLE_MAX_UNIT_BYTES: Final = 64 * MB
"""Most bytes of SOP files one unit of a bundle may bring (100 SOPs are about 0.5 MB)."""
BUNDLE_MAX_BYTES: Final = 256 * MB
"""Most bytes all the files of one bundle may bring together (a province is about 20 MB)."""

# -- the store's JSON files -------------------------------------------------------------------
STORE_FILE_MAX_BYTES: Final = 128 * MB
"""Largest ``workshop.json`` or ``units/<slug>.json`` read (100 SOPs are about 0.5 MB)."""

# -- names that become paths ------------------------------------------------------------------
SLUG_MAX_LENGTH: Final = 64
"""Longest unit slug or record id (they name files: ``units/<slug>.json``, ``<id>.yaml``)."""

# -- the logo of the official documents --------------------------------------------------------
LOGO_MAX_BYTES: Final = 2 * MB
"""Largest logo image (PNG or JPEG) accepted for the kop (a crest of 600 x 600 px is ~100 KB)."""
LOGO_MAX_SIDE: Final = 10_000
"""Widest or tallest logo accepted, in pixels (a kop prints it about 2.5 cm wide)."""
