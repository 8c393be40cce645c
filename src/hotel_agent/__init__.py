"""hotel-agent: a hotel guest assistant on WhatsApp and a chat API."""

__version__ = "0.1.0"
