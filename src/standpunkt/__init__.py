"""standpunkt: who stands where in German political news."""

__version__ = "0.2.0"
