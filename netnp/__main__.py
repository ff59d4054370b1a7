"""``python -m netnp``: the same command line as ``netnp``."""

from netnp.cli import main

main()
