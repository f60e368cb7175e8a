"""Gradio's per-page session state without a config of every block built for each new page.

Gradio keeps a `SessionState` per page (per session hash). When a page sends its first event, the state
works out the config of every block of the app (the trainer page's included), and it works the config
of a block out again for every output an update replaces and every input an event sends. Those configs
serve one route only, `deep_link` (a page's components saved to share), which coach's pages never call;
building them was the largest single cost of a page's first event (BENCHMARKS.md, "Server CPU a turn
towards 15 ms"). Here the configs are built when that route asks for them, from the blocks and the
values the page sent, and every other use of the state (the blocks a session has replaced, gr.State
values and their lifetimes) is Gradio's own.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from gradio.blocks import BlocksConfig
from gradio.components import State
from gradio.state_holder import SessionState, StateHolder


class _Unbuilt:
    """What `SessionState.__init__` reads of the app: its default config, and no block to build a
    config for (they are built on demand)."""

    def __init__(self, default_config: BlocksConfig) -> None:
        self.default_config = default_config
        self.blocks: dict[int, Any] = {}


class LeanSessionState(SessionState):
    """A `SessionState` whose block configs are built only when `components` is read."""

    def __init__(self, blocks: Any) -> None:
        super().__init__(_Unbuilt(blocks.default_config))  # type: ignore[arg-type]
        self._app_block_ids = frozenset(blocks.blocks)
        self._sent: dict[int, Any] = {}  # block id -> the value an event last sent for it

    def __setitem__(self, key: int, value: Any) -> None:
        """Gradio's bookkeeping (a gr.State's value and lifetime, or the block an update replaced for
        this session) without rebuilding the block's config: it is built from the block when asked."""
        block = self.blocks_config.blocks.get(key)
        if isinstance(block, State):
            self._state_ttl[key] = (block.time_to_live, datetime.datetime.now())
            self.state_data[key] = value
        else:
            self.blocks_config.blocks[key] = value
        if block is not None:
            self._forget(key)

    def _update_config(self, key: int) -> None:
        self._forget(key)

    def _update_value_in_config(self, key: int, value: Any) -> None:
        self._sent[key] = value
        built = self.config_values.get(key)
        if built is not None and "props" in built:
            built["props"]["value"] = value

    def _forget(self, key: int) -> None:
        self.config_values.pop(key, None)
        self._sent.pop(key, None)

    @property
    def components(self) -> Iterator[dict[str, Any]]:
        for key, block in self.blocks_config.blocks.items():
            if key not in self.config_values and (key in self._app_block_ids or key in self._sent):
                config = self.blocks_config.config_for_block(key, [], block)
                if key in self._sent and "props" in config:
                    config["props"]["value"] = self._sent[key]
                self.config_values[key] = config
        for config in self.config_values.values():
            if config:
                yield config


class LeanStateHolder(StateHolder):
    """Gradio's holder of session states, creating LeanSessionState for each new page."""

    def __getitem__(self, session_id: str) -> SessionState:
        if session_id not in self.session_data:
            self.session_data[session_id] = LeanSessionState(self.blocks)
        return super().__getitem__(session_id)
