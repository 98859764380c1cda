"""What goes wrong with a whole file, as opposed to one of its rows."""

from __future__ import annotations


class ImportFileError(ValueError):
    """The file can't be read at all (wrong format, no header, not text).

    Its message names the file and says what is wrong, in words for the user. A problem
    with one row is not an error: the reader yields a `Skipped` row and goes on.
    """
