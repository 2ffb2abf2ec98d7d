"""Storage: SQLModel tables, engine factory, migrations, repository. The only SQL is here."""
