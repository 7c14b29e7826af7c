"""kipp: validates video entries of public-service innovation competitions."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kipp")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0+src"
