"""Print one of the README's two set-up commands: `main` or `test`.

The README marks each with an HTML comment, `<!-- command:NAME -->`, just above
a fenced code block; CI runs the `test` one, and tests check both are there.
"""

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_command(name: str, readme: Path = README) -> str:
    text = readme.read_text(encoding="utf-8")
    match = re.search(r"<!-- command:" + re.escape(name) + r" -->\s*```(?:\w+)?\n(.*?)```", text, re.DOTALL)
    if not match:
        raise SystemExit(f"README.md has no '<!-- command:{name} -->' block")
    lines = [line.rstrip("\\").strip() for line in match.group(1).strip().splitlines()]
    return " ".join(line for line in lines if line)


if __name__ == "__main__":
    print(readme_command(sys.argv[1] if len(sys.argv) > 1 else "test"))
