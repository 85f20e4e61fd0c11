"""A dialog's question as a screen: the step's words, its choices, and the ways on and back."""

from __future__ import annotations

from .dialog_spec import CHOICE, CUSTOM, PHOTO, PHOTOS, PICK, PREVIEW, Dialog, Step, previous
from .format import escape
from .reply import Action, Rows, Screen
from .request import Request


async def question(req: Request, dialog: Dialog, data: dict) -> Screen:
    """The current step's question, its choices, and the ways on and back."""
    step = dialog.steps_by_name.get(data.get("step", ""), dialog.steps[0])
    if step.kind == CUSTOM:
        screen = await step.custom.question(req, data)
        screen.rows = [*screen.rows, _way_out(req, dialog, step, data)]
        return screen
    version = req.member.dialog_version
    shared = dialog.ask_args(req) if dialog.ask_args else {}
    args = {**shared, "field": step.name, **(step.ask_args(req, data) if step.ask_args else {})}
    ask = step.ask(req, data) if callable(step.ask) else step.ask
    text = req.t(ask, **args) if ask else ""
    ready = True
    if step.preview is not None:  # the preview's words, and whether it may be confirmed as it is
        shown = await step.preview(req, data)
        shown, ready = shown if isinstance(shown, tuple) else (shown, True)
        text = shown + ("\n\n" + text if text else "")
    if step.kind == PREVIEW:
        rows = [[Action(req.t(step.confirm), "dlg-go", (version,))]] if ready else []
        if not ready and step.instead[0]:
            target = dialog.steps.index(dialog.steps_by_name[step.instead[1]])
            rows = [[Action(req.t(step.instead[0]), "dlg-goto", (version, target))]]
        return Screen(text, [*rows, _way_out(req, dialog, step, data)])
    rows: Rows = []
    if step.kind in (CHOICE, PICK):
        picked = set(data.get(step.name) or []) if step.kind == PICK else set()
        keys = [
            Action(("✅ " if o.value in picked else "") + o.label, "dlg-pick", (version, o.value))
            for o in await step.options(req, data)
        ]
        rows += [keys[i : i + step.columns] for i in range(0, len(keys), step.columns)]
    count = len(data.get(step.name) or []) if step.kind in (PHOTOS, PICK) else 0
    if count or step.kind == PICK:
        rows.append([Action(req.t(step.done, count=count), "dlg-done", (version,))])
    if count and step.kind == PHOTOS:
        rows.append([Action(req.t("dialog-photos-clear"), "dlg-clear", (version,))])
    has_value = step.kind not in (PHOTOS, PICK) and data.get(step.name) not in (None, "", [])
    if has_value:
        if step.kind != PHOTO:
            shown = step.show_value(req, data) if step.show_value else escape(str(data[step.name]))
            text += "\n" + req.t(step.current, value=shown)
        rows.append([Action(req.t(step.keep), "dlg-keep", (version,))])
    elif step.optional and not count:
        rows.append([Action(req.t(step.skip, count=0), "dlg-skip", (version,))])
    return Screen(text, [*rows, _way_out(req, dialog, step, data)])


def pick(req: Request, label: str, value: int) -> Action:
    """A custom step's button for `value` (its `on_tap` gets the value)."""
    return Action(label, "dlg-pick", (req.member.dialog_version, value))


def done(req: Request, label: str) -> Action:
    """A custom step's button that ends it (its `on_tap` gets None)."""
    return Action(label, "dlg-done", (req.member.dialog_version,))


def _way_out(req: Request, dialog: Dialog, step: Step, data: dict) -> list[Action]:
    row = []
    if previous(dialog, step, data) is not step:
        row.append(Action(req.t("dialog-back"), "dlg-back", (req.member.dialog_version,)))
    row.append(Action(req.t("dialog-cancel"), "dialog-cancel"))
    return row


def draft_waiting(req: Request, dialog: Dialog) -> Screen:
    """A draft is waiting: carry on with it, or drop it."""
    return Screen(req.t("dialog-draft-waiting", draft=req.t(dialog.title)), reminder_rows(req), new=True)


def reminder_rows(req: Request) -> Rows:
    return [[Action(req.t("dialog-resume"), "dlg-resume"), Action(req.t("dialog-abandon"), "dlg-drop")]]
