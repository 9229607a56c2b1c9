"""The README's quick-start commands, read from README.md itself (CI runs them as written).

The quick start is the first ```bash block after the "## Quick start" heading; it holds exactly
two commands: the first installs and opens the demo, the second installs the test extras and
runs the tests. ``python3 .ci/readme_commands.py test`` prints the second, ``demo`` the first.
Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
NAMES = ("demo", "test")


def quick_start(text: str) -> list[str]:
    """The commands of the quick-start block, comments and blank lines left out."""
    section = text.split("## Quick start", 1)[1]
    block = section.split("```bash\n", 1)[1].split("```", 1)[0]
    lines = [line.strip() for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in NAMES:
        print(f"usage: readme_commands.py {'|'.join(NAMES)}", file=sys.stderr)
        return 2
    commands = quick_start(README.read_text(encoding="utf-8"))
    if len(commands) != len(NAMES):
        print(f"README quick start has {len(commands)} commands, expected {len(NAMES)}",
              file=sys.stderr)
        return 1
    print(commands[NAMES.index(argv[0])])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
