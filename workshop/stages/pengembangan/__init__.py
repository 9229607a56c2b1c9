"""Pengembangan: the editor's operations on one SOP (``editing``), numbering, approval, versions
and their diff (``approval``), keselarasan across SOPs and units (``handoff``)."""
