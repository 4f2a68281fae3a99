"""`python -m standpunkt` runs the command line."""

from standpunkt.cli import main

main()
