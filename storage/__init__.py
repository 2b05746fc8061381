"""Storage: SQLAlchemy 2.0 typed models, repositories (never commit), the unit of work (the only place that commits), Alembic migrations."""
