"""Build hook: ship the installed libbiao inside the package, so `import biao` finds it without
environment variables (pyproject.toml holds the metadata).

At build time (`pip install ./python`) the library is looked up, in order: $BIAO_LIBRARY (a path
to libbiao.so), pkg-config's libdir of `biao` (after `cmake --install`; set PKG_CONFIG_PATH for a
user prefix such as ~/.local), then the linker cache (ldconfig -p). The file found is copied next
to the package's modules as libbiao.so.0. When none is found the package is built without it and
finds libbiao at run time ($BIAO_LIBRARY, then the system's library path).
"""
import os
import shutil
import subprocess

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution


def _from_pkg_config():
    try:
        out = subprocess.run(["pkg-config", "--variable=libdir", "biao"], capture_output=True,
                             text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    path = os.path.join(out, "libbiao.so.0")
    return path if os.path.exists(path) else None


def _from_ldconfig():
    try:
        out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    except OSError:
        return None
    for line in out.splitlines():
        if line.strip().startswith("libbiao.so.0 "):
            return line.rsplit("=>", 1)[-1].strip()
    return None


def find_libbiao():
    env = os.environ.get("BIAO_LIBRARY")
    if env and os.path.exists(env):
        return env
    return _from_pkg_config() or _from_ldconfig()


class BuildWithLibrary(build_py):
    def run(self):
        super().run()
        lib = find_libbiao()
        if lib:
            dest = os.path.join(self.build_lib, "biao", "libbiao.so.0")
            shutil.copyfile(os.path.realpath(lib), dest)
            print(f"biao: shipping {os.path.realpath(lib)} as biao/libbiao.so.0")
        else:
            print("biao: no installed libbiao found; the package will look for it at run time")


class BinaryDistribution(Distribution):
    """The wheel may carry a native library: tag it for this platform, not 'any'."""

    def has_ext_modules(self):
        return True


setup(cmdclass={"build_py": BuildWithLibrary}, distclass=BinaryDistribution)
