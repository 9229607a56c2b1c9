"""The Penerapan pane: sosialisasi, pelatihan and distribusi records of approved SOPs."""
