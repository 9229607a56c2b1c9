"""Penilaian kebutuhan: Tabel 6 (identifikasi SOP berdasarkan tugas dan fungsi), title
suggestion, coverage, overlaps between units, adoption of general SOPs, voting, ranking."""
