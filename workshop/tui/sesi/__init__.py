"""The Sesi screen (agenda, attendance, minutes), the timer on the projector and the slides."""
