"""The public industry patent database platform: ``chainnav.web.app.create_app(db_path)`` (FastAPI)."""
