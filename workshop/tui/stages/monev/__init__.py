"""The Monitoring & Evaluasi pane: Tabel 7 rows, evaluations, the due list; its dialogs."""
