"""Scheduler adapter (PTB JobQueue / APScheduler): ticks planning and dispatch; no state of its own."""
