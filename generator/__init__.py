"""noticegen: publish a privacy notice to every website, with its history."""

__version__ = "0.1.0"
