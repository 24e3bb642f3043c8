"""The rerunnable build of the data files in corpora/ (``python -m corpora.build``, see
``corpora.build.main``): reads the sources, writes the files and ``MANIFEST``. Nothing at run
time imports it; it imports only ``corpora`` itself (never the restorer)."""
