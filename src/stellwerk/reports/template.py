# SPDX-License-Identifier: EUPL-1.2
"""Report templates: a folder with Jinja templates, CSS and a small ``template.yaml`` a municipality can adapt."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from stellwerk.charts.numbers import number_de
from stellwerk.errors import InputError
from stellwerk.geo.models import Level

__all__ = ["TemplateSettings", "ReportTemplate", "load_template", "default_template_dir"]


class TemplateSettings(BaseModel):
    """What ``template.yaml`` may set (everything else stays in the Jinja files)."""

    model_config = ConfigDict(extra="forbid")
    title: str = "Integrationsbericht"
    publisher: str = ""
    logo: str | None = None
    primary_colour: str = Field("#08519c", pattern=r"^#[0-9a-fA-F]{6}$")
    accent_colour: str = Field("#3182bd", pattern=r"^#[0-9a-fA-F]{6}$")
    introduction: str = ""
    closing_note: str = ""


@dataclass
class ReportTemplate:
    directory: Path
    settings: TemplateSettings
    env: Environment

    def css(self) -> str:
        """report.css plus the colours of template.yaml."""
        c = self.settings
        colours = (f"h1, h2, h3 {{ color: {c.primary_colour}; }}\n"
                   f"svg .line {{ stroke: {c.primary_colour}; }}\n"
                   f"svg .point {{ fill: {c.primary_colour}; stroke: {c.primary_colour}; }}\n"
                   f"svg .bar.own {{ fill: {c.primary_colour}; }}\n"
                   f"svg .bar {{ fill: {c.accent_colour}; opacity: 0.55; }}\n")
        return (self.directory / "report.css").read_text(encoding="utf-8") + "\n" + colours

    def chart_css(self) -> str:
        """The ``svg …`` rules of the stylesheet, to put inside each chart: WeasyPrint does not
        apply the document's CSS to inline SVG."""
        rules = [line.strip()[4:] for line in self.css().splitlines() if line.strip().startswith("svg ")]
        return " ".join(rules)

    def logo_svg(self) -> str | None:
        """The logo inlined (SVG) so that HTML and PDF need no file access."""
        if not self.settings.logo:
            return None
        path = self.directory / self.settings.logo
        return path.read_text(encoding="utf-8") if path.suffix == ".svg" and path.is_file() else None


def default_template_dir() -> Path:
    """``content/report_templates/default`` of the source tree."""
    from stellwerk.indicators.catalogue import content_dir

    return content_dir() / "report_templates" / "default"


def load_template(directory: Path | str | None = None) -> ReportTemplate:
    """Load a template folder (``report.html.j2``, ``report.css``, ``template.yaml``)."""
    folder = Path(directory) if directory else default_template_dir()
    for name in ("report.html.j2", "report.css"):
        if not (folder / name).is_file():
            raise InputError(f"Berichtsvorlage unvollständig: {name} fehlt", file=str(folder), expected="report.html.j2, report.css, template.yaml")
    settings_file = folder / "template.yaml"
    raw = yaml.safe_load(settings_file.read_text(encoding="utf-8")) if settings_file.is_file() else {}
    try:
        settings = TemplateSettings(**(raw or {}))
    except (ValidationError, TypeError) as error:
        raise InputError(f"template.yaml ungültig: {error}", file=str(settings_file), expected="title, publisher, logo, primary_colour, accent_colour, introduction") from None
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=select_autoescape(["html", "j2"]))
    env.filters["number_de"] = number_de
    env.filters["level_label"] = lambda level: Level.LABELS.get(level, level)
    return ReportTemplate(folder, settings, env)
