"""vhost: an AI virtual host runtime for live streams."""

__version__ = "0.1.0"
