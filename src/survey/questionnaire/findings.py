"""What the accessibility assessment finds: each finding names the JSON
path, the rule, its severity and a suggested fix."""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    path: str
    rule: str
    severity: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.path}: {self.rule}: {self.message} Fix: {self.fix}"

    def as_dict(self) -> dict[str, str]:
        return asdict(self)
