"""robots.txt of one origin, read with Protego (Scrapy's parser: fractional Crawl-delay, wildcards,
lenient on malformed files), with RFC 9309 semantics for a missing or failing robots.txt."""
from __future__ import annotations

from dataclasses import dataclass, field

from protego import Protego


@dataclass
class Robots:
    """What robots.txt allows our user agent. `note` says why the rules are what they are."""
    parser: Protego | None = None
    allow_all: bool = False
    disallow_all: bool = False
    note: str = ""
    user_agent: str = "xxgk"
    _agent_token: str = field(default="xxgk", repr=False)

    def allowed(self, url: str) -> bool:
        if self.disallow_all:
            return False
        if self.allow_all or self.parser is None:
            return True
        return self.parser.can_fetch(url, self._agent_token)

    def crawl_delay(self) -> float | None:
        if self.parser is None:
            return None
        try:
            delay = self.parser.crawl_delay(self._agent_token)
        except (ValueError, TypeError):  # a malformed Crawl-delay value
            return None
        return float(delay) if delay is not None else None


def agent_token(user_agent: str) -> str:
    """The product token robots.txt groups are matched against: `xxgk/0.1 (+…)` → `xxgk`."""
    return (user_agent.split("/", 1)[0].split()[0] or "xxgk") if user_agent.strip() else "xxgk"


def robots_from_response(status: int | None, body: bytes, user_agent: str) -> Robots:
    """RFC 9309: 4xx means no rules; 5xx or no answer means keep away; 2xx is parsed leniently."""
    token = agent_token(user_agent)
    if status is None:
        return Robots(disallow_all=True, note="robots.txt unreachable: the host is skipped",
                      user_agent=user_agent, _agent_token=token)
    if 400 <= status < 500:
        return Robots(allow_all=True, note=f"no robots.txt (HTTP {status})", user_agent=user_agent,
                      _agent_token=token)
    if status >= 500:
        return Robots(disallow_all=True, note=f"robots.txt answered HTTP {status}: the host is skipped",
                      user_agent=user_agent, _agent_token=token)
    text = body.decode("utf-8", errors="replace")
    if "\x00" in text or text.lstrip().lower().startswith(("<!doctype", "<html")):
        # An HTML page or binary served as robots.txt holds no rules: treated as absent.
        return Robots(allow_all=True, note="robots.txt is not a robots file (ignored)", user_agent=user_agent,
                      _agent_token=token)
    try:
        parser = Protego.parse(text)
    except Exception:  # noqa: BLE001 - Protego is lenient; anything it still rejects means no usable rules
        return Robots(allow_all=True, note="robots.txt could not be parsed (ignored)", user_agent=user_agent,
                      _agent_token=token)
    return Robots(parser=parser, note="robots.txt read", user_agent=user_agent, _agent_token=token)
