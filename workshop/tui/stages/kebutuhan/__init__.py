"""The Penilaian Kebutuhan pane: Tabel 6, existing SOPs, general SOPs and their adoption,
overlaps between units, votes and the inventory; its dialogs."""
