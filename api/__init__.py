"""The faces of vanban: the Python ``process()``, the CLI, the HTTP app and the web page."""
