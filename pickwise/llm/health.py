"""How the LLM backend has been doing: the recent outcomes of its calls, for ``/readyz``, and a
breaker that stops turns from waiting on a backend that keeps timing out.

Every call ends as ``ok``, ``timeout`` (no answer within the timeout), ``error`` (no connection,
an HTTP error) or ``invalid`` (an answer that is not the JSON asked for). The backend is
*degraded* while its latest call failed; the first call that succeeds again clears it.

After :attr:`LLMHealth.trip_after` timeouts in a row (other failures are quick, so they neither
count nor reset the count) the breaker opens:
for :attr:`LLMHealth.cooldown` seconds calls are skipped at once (the turn degrades to retrieval
order and template explanations without waiting), then one call is let through to probe; its
success closes the breaker, its failure opens it again. (A health check that answers proves
nothing here: a server can list its models quickly and still answer completions too slowly.)

A call that timed out is abandoned here, but the server may go on computing it: llama-cpp-python
finishes a completion it has begun even when the client has gone, and answers nothing else
meanwhile, not even a health check. :meth:`LLMHealth.busy` says when a health check that gets no
answer means "busy with an abandoned call" rather than "dead": the latest call timed out, less
than :attr:`LLMHealth.busy_for` seconds ago.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["LLMHealth", "Outcome"]

Outcome = Literal["ok", "timeout", "error", "invalid"]


@dataclass(frozen=True)
class _Call:
    outcome: Outcome
    reason: str
    at: float


class LLMHealth:
    """Thread-safe record of recent LLM call outcomes, with a breaker (see the module doc)."""

    def __init__(
        self,
        window: int = 20,
        trip_after: int = 3,
        cooldown: float = 15.0,
        busy_for: float = 120.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.trip_after = trip_after
        self.cooldown = cooldown
        self.busy_for = busy_for
        self._clock = clock
        self._recent: deque[_Call] = deque(maxlen=window)
        self._slow_in_a_row = 0
        self._open_until: float | None = None
        self._probing = False
        self._lock = threading.Lock()

    def allow(self) -> str | None:
        """None when a call may go ahead; else why it is skipped (the breaker is open)."""
        with self._lock:
            if self._open_until is None:
                return None
            now = self._clock()
            if now >= self._open_until and not self._probing:
                self._probing = True  # one call probes; the others keep skipping meanwhile
                return None
            last = self._recent[-1].reason if self._recent else ""
            wait = max(self._open_until - now, 0.0)
            return (
                f"skipped after {self._slow_in_a_row} failed calls in a row ({last}); "
                f"next try in {wait:.0f} s"
            )

    def record(self, outcome: Outcome, reason: str = "") -> None:
        with self._lock:
            now = self._clock()
            self._recent.append(_Call(outcome, reason, now))
            self._probing = False
            if outcome == "timeout":
                self._slow_in_a_row += 1
                if self._slow_in_a_row >= self.trip_after:
                    self._open_until = now + self.cooldown
            elif outcome == "error" and self._open_until is not None:
                self._open_until = now + self.cooldown  # the probe failed
            elif outcome != "error":
                self._slow_in_a_row = 0
                self._open_until = None

    def clear(self) -> None:
        """Forget every recorded call (a warm-up's outcome is not a turn's)."""
        with self._lock:
            self._recent.clear()
            self._slow_in_a_row = 0
            self._open_until = None
            self._probing = False

    def busy(self) -> bool:
        """True while the server may still be computing a call that timed out (see the module
        doc): its latest call timed out, less than ``busy_for`` seconds ago."""
        with self._lock:
            if not self._recent:
                return False
            last = self._recent[-1]
            return last.outcome == "timeout" and self._clock() - last.at < self.busy_for

    @property
    def degraded(self) -> str:
        """Why the backend counts as degraded ("" when its latest call succeeded)."""
        with self._lock:
            if not self._recent or self._recent[-1].outcome == "ok":
                return ""
            last = self._recent[-1]
            return f"{last.outcome}: {last.reason}" if last.reason else last.outcome

    def status(self) -> dict[str, Any]:
        """What ``/readyz`` shows: the latest failure, recent counts, the breaker."""
        with self._lock:
            calls = list(self._recent)
            open_for = (
                max(self._open_until - self._clock(), 0.0) if self._open_until is not None else None
            )
        failures = [c for c in calls if c.outcome != "ok"]
        kinds = ("ok", "timeout", "error", "invalid")
        counts = {kind: sum(c.outcome == kind for c in calls) for kind in kinds}
        latest = calls[-1] if calls else None
        return {
            "degraded": latest is not None and latest.outcome != "ok",
            "reason": (
                f"{latest.outcome}: {latest.reason}" if latest and latest.outcome != "ok" else ""
            ),
            "recent_calls": len(calls),
            "recent_failures": len(failures),
            "outcomes": counts,
            "breaker_open_s": None if open_for is None else round(open_for, 1),
        }
