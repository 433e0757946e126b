"""Key bindings on top of prompt_toolkit's Emacs defaults (Ctrl+R search, Ctrl+A/E, ...)."""

from __future__ import annotations

from prompt_toolkit.enums import DEFAULT_BUFFER
from prompt_toolkit.filters import Condition, has_focus
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent

from pshell.repl.multiline import needs_more_input


def create_key_bindings() -> KeyBindings:
    """Enter runs complete input and adds a line to incomplete input; Alt+Enter always adds a
    line; Enter in the completion menu takes the selected completion; Ctrl+D on an empty line
    ends the shell."""
    kb = KeyBindings()
    in_buffer = has_focus(DEFAULT_BUFFER)

    @Condition
    def completion_selected() -> bool:
        from prompt_toolkit.application import get_app

        state = get_app().current_buffer.complete_state
        return state is not None and state.current_completion is not None

    @Condition
    def buffer_empty() -> bool:
        from prompt_toolkit.application import get_app

        return not get_app().current_buffer.text

    @kb.add("enter", filter=in_buffer & completion_selected)
    def _take_completion(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        state = buffer.complete_state
        if state is not None and state.current_completion is not None:
            buffer.apply_completion(state.current_completion)

    @kb.add("enter", filter=in_buffer & ~completion_selected)
    def _enter(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if needs_more_input(buffer.text):
            buffer.insert_text("\n")
        else:
            buffer.validate_and_handle()

    @kb.add("escape", "enter", filter=in_buffer)
    def _newline(event: KeyPressEvent) -> None:
        event.current_buffer.insert_text("\n")

    @kb.add("c-d", filter=in_buffer & buffer_empty)
    def _exit(event: KeyPressEvent) -> None:
        event.app.exit(exception=EOFError)

    return kb
