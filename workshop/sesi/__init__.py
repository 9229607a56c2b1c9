"""Sessions that run across the stages: the agenda timer (``timer``), the minutes compiled
from the activity log (``minutes``), session plans (``plans``) and the briefing slides
(``slides``). Pure: no Textual, no files but the shipped plans."""
