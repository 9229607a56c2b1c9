"""The Persiapan pane: event, units (OPD), team (Tim Penyusun), readiness."""
