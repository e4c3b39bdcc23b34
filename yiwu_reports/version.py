"""The package's version, in a module of its own: every module can name it without importing the
package (whose __init__ imports the API)."""

__version__ = "0.1.0"
