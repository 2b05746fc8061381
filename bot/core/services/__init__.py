"""Use cases (one module per concern). Services receive a unit-of-work factory and a clock,
take primitives, and return ``Reply`` objects or dataclasses; adapters render them."""
