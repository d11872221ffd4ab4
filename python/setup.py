"""Builds micgraph's Python module with the project's own CMake build (the target
micgraph_python in python/CMakeLists.txt) and puts it beside the package's Python files.
Everything else is in pyproject.toml."""

import os
import pathlib
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent


class cmake_build(build_ext):
    """Configures the repository with the Python module only, builds it, copies it."""

    def build_extension(self, extension):
        build = pathlib.Path(os.environ.get("MICGRAPH_BUILD_DIR", HERE / "build" / "cmake"))
        configure = ["cmake", "-S", str(ROOT), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release",
                     "-DMICGRAPH_PYTHON=ON", f"-DPython_EXECUTABLE={sys.executable}",
                     "-DMICGRAPH_BUILD_TOOLS=OFF", "-DMICGRAPH_BUILD_TESTS=OFF",
                     "-DMICGRAPH_BUILD_EXAMPLES=OFF", "-DMICGRAPH_BUILD_BENCH=OFF",
                     "-DMICGRAPH_INSTALL=OFF"]
        if shutil.which("ccache"):
            configure.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
        subprocess.run(configure, check=True)
        jobs = str(os.cpu_count() or 2)
        subprocess.run(["cmake", "--build", str(build), "--target", "micgraph_python", "-j", jobs],
                       check=True)
        built = next((build / "python" / "micgraph").glob("_micgraph*.so"))
        target = pathlib.Path(self.get_ext_fullpath(extension.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)


setup(ext_modules=[Extension("micgraph._micgraph", sources=[])], cmdclass={"build_ext": cmake_build})
