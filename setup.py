"""The restorer's hot modules, compiled by Cython from their Python source.

The Python source stays the reference: the compiled modules behave the same and restore the
same text a fifth faster; ``diacritics`` loads a module's source instead where its compiled
form is missing or older than the source, or where ``VANBAN_PURE_PYTHON`` is set. Annotations
are not taken as C types, so the compiled code accepts what the source accepts.
"""

import os

from Cython.Build import cythonize
from setuptools import setup
from setuptools.command.build_ext import build_ext

COMPILED = ("decode", "model", "channel", "candidates", "restore")


class _BuildExt(build_ext):
    """The C files compiled side by side, one per core."""

    def finalize_options(self) -> None:
        super().finalize_options()
        if not self.parallel:
            self.parallel = os.cpu_count() or 1


setup(
    cmdclass={"build_ext": _BuildExt},
    ext_modules=cythonize(
        [f"diacritics/{name}.py" for name in COMPILED],
        build_dir="build/cython",
        compiler_directives={"language_level": "3", "annotation_typing": False},
        nthreads=2,
        quiet=True,
    ),
)
