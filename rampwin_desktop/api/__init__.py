"""The Rampwin HTTP client (no Qt)."""
