"""sop-workshop: pendampingan penyusunan SOP AP in the terminal."""

__version__ = "0.1.0"
