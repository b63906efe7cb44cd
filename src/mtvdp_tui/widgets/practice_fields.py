"""The practice form's fields: a label, a control and a line for its message per field.

It reads and fills the controls; judging what they say is the domain's (`judge_practice`), and
showing the messages the form's. On a wide screen a message stands beside its field; on a
narrow one below it, wrapped (an empty one then takes no line). Whichever field has the focus
is scrolled into view together with its message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from textual import events
from textual.app import ComposeResult
from textual.containers import Grid
from textual.suggester import Suggester
from textual.visual import VisualType
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from mtvdp_tui import formatting
from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.domain.practice_entry import PracticeEntry
from mtvdp_tui.i18n import t
from mtvdp_tui.widgets.form_input import FormInput

NO_PREFERENCE = "weet-ik-niet"
TEXT_FIELDS = ("agb", "name", "wijk", "ion", "email", "excluded_reason", "start_date")
# Emptied for the next practice of a visit; region, wijk and preference stay.
CLEARED_FOR_NEXT = ("agb", "name", "ion", "email", "excluded_reason", "start_date")
SHOWN_VALUE_WIDTH = 60  # a value quoted in a message (the notes) is cut to this many characters


class FieldMessage(Static):
    """The message of the control whose id is this one's without "-error" ('-empty' if none,
    and so is the cell before it, which holds its place under the label on a narrow screen)."""

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(content, layout=layout)
        self.set_class(not content, "-empty")
        if self.is_attached:
            self.screen.query_one(f"#{self.control_id}-spacer").set_class(not content, "-empty")
        control = self.screen.focused if self.is_attached else None
        if content and control is not None and control.id == self.control_id:
            self.call_after_refresh(show_with_message, control, self)

    @property
    def control_id(self) -> str:
        return (self.id or "").removesuffix("-error")


def show_with_message(control: Widget, message: Widget) -> None:
    """Scroll `control` into view with its message under it (the message first, so that the
    control, above it, is in view too whenever both fit)."""
    if message.display and not message.has_class("-empty"):
        message.scroll_visible(animate=False, immediate=True)
    control.scroll_visible(animate=False, immediate=True)


class NameSuggester(Suggester):
    """Completes a name typed from `names`, case-insensitively; the names can arrive later
    (the form reads them in a worker, after it opened)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.names: Sequence[str] = ()

    async def get_suggestion(self, value: str) -> str | None:
        return next((name for name in self.names if name.casefold().startswith(value)), None)


class PracticeFields(Grid):
    def __init__(
        self, regions: Sequence[str], moments: Sequence[date], *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.regions = regions
        self.moments = moments
        self.wijken = NameSuggester()

    def compose(self) -> ComposeResult:
        moments = [(formatting.short_date(day), day.isoformat()) for day in self.moments]
        regions = [(name, name) for name in self.regions]
        yield from _row(
            "agb", FormInput(id="agb", max_length=8, compact=True, placeholder="01234567")
        )
        yield from _row("name", FormInput(id="name", compact=True))
        yield from _row(
            "region", Select(regions, id="region", prompt=t("form.region.prompt"), compact=True)
        )
        yield from _row("wijk", FormInput(id="wijk", compact=True, suggester=self.wijken))
        yield from _row("ion", FormInput(id="ion", compact=True, placeholder="2.345"))
        yield from _row(
            "email", FormInput(id="email", compact=True, placeholder="info@praktijk.nl")
        )
        yield from _row(
            "preference",
            Select(
                [*moments, (t("practice.pref.unknown"), NO_PREFERENCE)],
                id="preference",
                allow_blank=False,
                value=NO_PREFERENCE,
                compact=True,
            ),
        )
        yield from _row("survey", Checkbox(t("form.survey.yes"), id="survey", compact=True))
        yield from _row("excluded", Checkbox(t("form.excluded.yes"), id="excluded", compact=True))
        yield from _row(
            "excluded_reason",
            FormInput(
                id="excluded_reason",
                compact=True,
                disabled=True,
                placeholder=t("form.excluded_reason.placeholder"),
            ),
        )
        yield from _row(
            "start_date", FormInput(id="start_date", compact=True, placeholder="dd-mm-jjjj")
        )
        yield from _row("notes", TextArea(id="notes", compact=True))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        control: Widget = event.widget
        while control.parent is not None and control.parent is not self:  # a Select's list
            control = control.parent  # type: ignore[assignment]
        messages = self.query(f"#{control.id}-error").results(FieldMessage) if control.id else ()
        for message in messages:
            self.call_after_refresh(show_with_message, control, message)

    def _text(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value

    def fill(self, data: PracticeData) -> None:
        """Show `data` (the caller keeps the controls' Changed messages from being sent)."""
        texts = {
            "agb": data.agb,
            "name": data.name,
            "wijk": data.wijk,
            "ion": formatting.number(data.ion) if data.ion is not None else "",
            "email": data.email or "",
            "excluded_reason": data.excluded_reason,
            "start_date": formatting.numeric_date(data.start_date) if data.start_date else "",
        }
        for name, text in texts.items():
            self.query_one(f"#{name}", Input).value = text
        moment = data.preferred_moment
        self.query_one("#region", Select).value = data.region
        known = moment is not None and moment in self.moments
        preference = moment.isoformat() if known and moment is not None else NO_PREFERENCE
        self.query_one("#preference", Select).value = preference
        self.query_one("#survey", Checkbox).value = data.survey_answered
        self.query_one("#excluded", Checkbox).value = data.excluded
        self.query_one("#excluded_reason", Input).disabled = not data.excluded
        self.query_one("#notes", TextArea).text = data.notes

    def clear_for_next(self) -> None:
        """Empty the fields for the next practice; region, wijk and preference stay."""
        for name in CLEARED_FOR_NEXT:
            self.query_one(f"#{name}", Input).value = ""
        self.query_one("#survey", Checkbox).value = False
        self.query_one("#excluded", Checkbox).value = False
        self.query_one("#excluded_reason", Input).disabled = True
        self.query_one("#notes", TextArea).text = ""

    def snapshot(self) -> dict[str, object]:
        """The raw state of every field, to tell whether anything changed."""
        state: dict[str, object] = {name: self._text(name) for name in TEXT_FIELDS}
        state["region"] = self.query_one("#region", Select).value
        state["preference"] = self.query_one("#preference", Select).value
        state["survey"] = self.query_one("#survey", Checkbox).value
        state["excluded"] = self.query_one("#excluded", Checkbox).value
        state["notes"] = self.query_one("#notes", TextArea).text
        return state

    def restore(self, state: Mapping[str, object]) -> None:
        """Show the fields of a `snapshot()` (all or some) again."""
        for name, value in state.items():
            if name in TEXT_FIELDS:
                self.query_one(f"#{name}", Input).value = str(value)
            elif name in ("region", "preference"):
                self.query_one(f"#{name}", Select).value = value
            elif name in ("survey", "excluded"):
                self.query_one(f"#{name}", Checkbox).value = bool(value)
            elif name == "notes":
                self.query_one("#notes", TextArea).text = str(value)
        excluded = self.query_one("#excluded", Checkbox).value
        self.query_one("#excluded_reason", Input).disabled = not excluded

    def shown_value(self, name: str, value: object) -> str:
        """A `snapshot()` value of field `name` as the form shows it, for a message."""
        if name in ("survey", "excluded"):
            return t("form.value.checked") if value else t("form.value.unchecked")
        if name == "preference":
            if value == NO_PREFERENCE:
                return t("practice.pref.unknown")
            return formatting.short_date(date.fromisoformat(str(value)))
        text = "" if value is Select.NULL else " ".join(str(value).split())
        if len(text) > SHOWN_VALUE_WIDTH:
            text = text[: SHOWN_VALUE_WIDTH - 1] + "…"
        return text or t("form.value.empty")

    def entry(self) -> PracticeEntry:
        """What the fields say, for the domain to judge."""
        region = self.query_one("#region", Select).value
        preference = self.query_one("#preference", Select).value
        return PracticeEntry(
            agb=self._text("agb"),
            name=self._text("name"),
            region=None if region is Select.NULL else str(region),
            wijk=self._text("wijk"),
            ion=self._text("ion"),
            email=self._text("email"),
            preferred_moment=None
            if preference == NO_PREFERENCE
            else date.fromisoformat(str(preference)),
            survey_answered=self.query_one("#survey", Checkbox).value,
            excluded=self.query_one("#excluded", Checkbox).value,
            excluded_reason=self._text("excluded_reason"),
            start_date=self._text("start_date"),
            notes=self.query_one("#notes", TextArea).text,
        )


def _row(name: str, control: Widget) -> ComposeResult:
    yield Label(t(f"form.label.{name}"), classes="label")
    yield control
    yield Static("", id=f"{name}-spacer", classes="spacer -empty")
    yield FieldMessage("", id=f"{name}-error", classes="error -empty")
