"""digest: turn a day's news into a briefing people can act on."""

__version__ = "0.1.0"
