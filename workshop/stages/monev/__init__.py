"""Penerapan and Monitoring & Evaluasi: implementation records, Tabel 7, evaluation, due dates
(``monev``: one status machine from disahkan to diterapkan, perlu revisi, dicabut)."""
