"""The Pengembangan pane (the unit's SOPs), the SOP editor, its dialogs and findings list, and
the participant's live view of an SOP being edited (``live_editor``)."""
