"""What an import run found and did: problems, counts per file."""

from dataclasses import dataclass, field

# Problems kept for the report.  A file that is wrong on every one of its
# millions of rows must not fill the memory with messages; past this many
# the report says how many more there were.
MAX_PROBLEMS = 10_000


@dataclass(frozen=True)
class Problem:
    """An error or warning about a place in a file."""

    file: str
    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.column is None:
            return f"{self.file}:{self.line}: {self.message}"
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


@dataclass
class Problems:
    """Problems of a run, in the order found, up to :data:`MAX_PROBLEMS`."""

    kept: list[Problem] = field(default_factory=list)
    total: int = 0

    def add(self, file: str, line: int, column: str | None, message: str) -> None:
        self.total += 1
        if len(self.kept) < MAX_PROBLEMS:
            self.kept.append(Problem(file, line, column, message))

    @property
    def room(self) -> int:
        return MAX_PROBLEMS - len(self.kept)

    def absorb(self, other: "Problems") -> None:
        """Take another's problems, as if found here after these."""
        self.kept.extend(other.kept[: self.room])
        self.total += other.total


@dataclass
class FileReport:
    """What an import did (or, in a dry run, would do) with one file."""

    file: str
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    """The outcome of one import run.

    With any error, ``files`` still lists the files read, but nothing was
    written.  ``errors_total`` counts errors beyond those kept in ``errors``.
    """

    dry_run: bool
    files: list[FileReport] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    errors_total: int = 0
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.errors_total == 0
