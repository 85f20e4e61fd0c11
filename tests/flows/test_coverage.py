"""Every intent, command and dialog of the registry is driven by some flow test here: a flow added
without one fails this, naming it. (The tests name an intent as they tap it, a command as they type
it, and assert a dialog by the name its row holds.)"""

from __future__ import annotations

import ast
from pathlib import Path

from handlers import dialog_spec, registry

HERE = Path(__file__).parent


def _named() -> set[str]:
    return {
        node.value
        for path in HERE.glob("test_*.py")
        if path.name != Path(__file__).name
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def test_every_intent_command_and_dialog_has_a_flow_test():
    named = _named()
    assert {
        "intents": sorted(set(registry.INTENTS) - named),
        "commands": sorted(set(registry.COMMANDS) - named),
        "dialogs": sorted(set(dialog_spec.DIALOGS) - named),
    } == {"intents": [], "commands": [], "dialogs": []}
