"""standpunkt: who stands where in German political news."""

__version__ = "0.1.0"
