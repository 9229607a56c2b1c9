"""What the app needs from the guideline (``templates/pedoman.yaml``), in simple shapes.

The stage names, descriptions and the readiness checklist come from ``workshop.pedoman``; when the
guideline cannot be read the app still starts with the five stage names (facts of the regulation)
and says what went wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class StageInfo:
    id: str
    name: str
    description: str = ""
    steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReadinessItem:
    id: str
    label: str


@dataclass(frozen=True)
class Guide:
    stages: tuple[StageInfo, ...]
    readiness: tuple[ReadinessItem, ...]
    problem: str = ""  # Indonesian message when pedoman.yaml could not be read
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def stage(self, stage_id: str) -> StageInfo:
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise KeyError(stage_id)

    @property
    def readiness_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.readiness)


FALLBACK_STAGES: tuple[StageInfo, ...] = (
    StageInfo("persiapan", "Persiapan"),
    StageInfo("kebutuhan", "Penilaian Kebutuhan"),
    StageInfo("pengembangan", "Pengembangan"),
    StageInfo("penerapan", "Penerapan"),
    StageInfo("monev", "Monitoring dan Evaluasi"),
)


def _text(obj: Any, *names: str) -> str:
    for name in names:
        value = getattr(obj, name, None)
        if isinstance(value, str):
            return value
    return ""


def _step_names(stage: Any) -> tuple[str, ...]:
    for attr in ("steps", "substeps", "sub_steps"):
        items = getattr(stage, attr, None)
        if items:
            names = []
            for item in items:
                names.append(item if isinstance(item, str) else _text(item, "name", "label"))
            return tuple(n for n in names if n)
    return ()


def load_guide() -> Guide:
    """Read the guideline; never raises."""
    try:
        from workshop.pedoman import load_pedoman

        pedoman = load_pedoman()
        stages = tuple(
            StageInfo(
                id=s.id,
                name=s.name,
                description=_text(s, "description", "summary", "short"),
                steps=_step_names(s),
            )
            for s in pedoman.stages
        )
        readiness = tuple(
            ReadinessItem(id=r.id, label=_text(r, "label", "name")) for r in pedoman.readiness
        )
        return Guide(stages=stages or FALLBACK_STAGES, readiness=readiness)
    except Exception as exc:  # the app must start even with a broken guideline file
        message = getattr(exc, "message", None) or str(exc)
        return Guide(
            stages=FALLBACK_STAGES,
            readiness=(),
            problem=f"Pedoman (templates/pedoman.yaml) tidak dapat dibaca: {message}",
        )
