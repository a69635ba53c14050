"""Det felles HTTP-laget for SSBs API-er (PxWebApi v2 i :mod:`.ssb`, KLASS i :mod:`.klass`).

Transporten er et kallbart objekt ``transport(method, url, headers=, body=, timeout=)`` som
returnerer :class:`HttpResponse`; standard er :func:`urllib_transport`. Tester gir sin egen.
:class:`HttpClient` står for User-Agent, tidsavbrudd, grense for kallrate og nye forsøk med
eksponentiell back-off (429 med ``Retry-After``, 5xx, tidsavbrudd, brudd i forbindelsen);
andre feil gir en bokmålsmelding fra :meth:`HttpClient._client_error`.

Bare standardbiblioteket, ikke resten av ``helpers``.
"""

from __future__ import annotations

import datetime as _dt
import email.utils
import json
import socket
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from .jsonstat import SsbError

USER_AGENT = "hop-rapporter/0.1 (+kommunal økonomi)"
DEFAULT_TIMEOUT = 30.0
#: Spørringer per tidsvindu (SSBs brukerveiledning: 30 per minutt per IP-adresse).
MAX_CALLS = 30
TIME_WINDOW = 60.0


@dataclass
class HttpResponse:
    """Et HTTP-svar slik transporten leverer det (også for 4xx/5xx)."""

    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None


class Transport(Protocol):
    def __call__(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str],
        body: bytes | None,
        timeout: float,
    ) -> HttpResponse: ...


def urllib_transport(
    method: str,
    url: str,
    *,
    headers: Mapping[str, str],
    body: bytes | None,
    timeout: float,
) -> HttpResponse:
    """Standardtransport med ``urllib.request``. HTTP-feil blir svar; nettfeil blir unntak."""
    request = urllib.request.Request(url, data=body, method=method, headers=dict(headers))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:  # noqa: S310
            return HttpResponse(resp.status, resp.read(), dict(resp.headers.items()))
    except urllib.error.HTTPError as exc:
        try:
            payload = exc.read()
        except Exception:  # noqa: BLE001 - feilteksten er bare til hjelp
            payload = b""
        return HttpResponse(exc.code, payload, dict(exc.headers.items()) if exc.headers else {})
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (TimeoutError, socket.timeout)):
            raise TimeoutError(str(exc.reason)) from exc
        raise ConnectionError(str(exc.reason)) from exc


class RateLimiter:
    """Høyst ``max_calls`` kall per ``window`` sekunder (glidende vindu)."""

    def __init__(
        self,
        max_calls: int = MAX_CALLS,
        window: float = TIME_WINDOW,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.max_calls = max_calls
        self.window = window
        self.clock = clock
        self.sleep = sleep
        self._calls: deque[float] = deque()

    def wait(self) -> None:
        """Vent (om nødvendig) til et nytt kall er innenfor grensen, og registrer det."""
        while True:
            now = self.clock()
            while self._calls and now - self._calls[0] >= self.window:
                self._calls.popleft()
            if len(self._calls) < self.max_calls:
                self._calls.append(now)
                return
            self.sleep(self.window - (now - self._calls[0]))


def retry_after(value: str | None) -> float | None:
    """``Retry-After`` i sekunder (heltall eller HTTP-dato), eller None."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=_dt.UTC)
    return max(0.0, (when - _dt.datetime.now(_dt.UTC)).total_seconds())


def error_text(body: bytes) -> str:
    """Teksten i et feilsvar (RFC 7807 ``title``/``detail`` som PxWebApi, ``error``/
    ``message`` som KLASS), eller rå tekst."""
    if not body:
        return ""
    text = body.decode("utf-8", errors="replace").strip()
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        return text[:300]
    if isinstance(doc, Mapping):
        parts = [str(doc[k]) for k in ("title", "detail") if doc.get(k)]
        if not parts:
            parts = [str(doc[k]) for k in ("error", "message") if doc.get(k)]
        if parts:
            return ": ".join(parts)
    return text[:300]


class HttpClient:
    """Ett logisk kall med User-Agent, tidsavbrudd, kallrate og nye forsøk.

    Underklasser setter :attr:`service` (hvem som svarer, i meldingene), :attr:`offline_hint`
    (hva brukeren kan gjøre uten nett), :attr:`error` (unntaket, kalt med melding og
    referanse) og eventuelt :meth:`_client_error` for 4xx-svar.
    """

    service = "SSB"
    offline_hint = ""
    error: Callable[..., Exception] = SsbError

    def __init__(
        self,
        transport: Transport | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 4,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        rate_limiter: RateLimiter | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        user_agent: str = USER_AGENT,
    ):
        self.transport = transport or urllib_transport
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.sleep = sleep
        self.rate_limiter = rate_limiter or RateLimiter(clock=clock, sleep=sleep)
        self.user_agent = user_agent

    def _headers(self, post: bool) -> dict[str, str]:
        headers = {"User-Agent": self.user_agent, "Accept": "application/json"}
        if post:
            headers["Content-Type"] = "application/json; charset=utf-8"
        return headers

    def _delay(self, attempt: int) -> float:
        return min(self.max_backoff, self.backoff * (2**attempt))

    def request(self, method: str, url: str, body: bytes | None, ref: str | None
                ) -> HttpResponse:
        """Ett logisk kall med grense for kallrate og nye forsøk. Gir et 2xx-svar eller feil
        (``ref`` er det meldingen gjelder, f.eks. tabellnummeret)."""
        last_problem = ""
        for attempt in range(self.max_retries + 1):
            self.rate_limiter.wait()
            try:
                resp = self.transport(
                    method,
                    url,
                    headers=self._headers(body is not None),
                    body=body,
                    timeout=self.timeout,
                )
            except TimeoutError:
                last_problem = (f"{self.service} svarte ikke innen {self.timeout:g} sekunder "
                                "(tidsavbrudd)")
                wait = self._delay(attempt)
            except (urllib.error.URLError, ConnectionError, OSError) as exc:
                reason = getattr(exc, "reason", None) or exc
                last_problem = (f"får ikke kontakt med {self.service} ({reason}). Sjekk "
                                f"nettforbindelsen{self.offline_hint}")
                wait = self._delay(attempt)
            else:
                if 200 <= resp.status < 300:
                    return resp
                if resp.status == 429:
                    last_problem = (f"{self.service} avviste kallet fordi det kom for mange "
                                    "(HTTP 429)")
                    after = retry_after(resp.header("Retry-After"))
                    wait = after if after is not None else self._delay(attempt)
                elif resp.status >= 500:
                    detail = error_text(resp.body)
                    last_problem = (f"{self.service} hadde en feil på sin side "
                                    f"(HTTP {resp.status})" + (f": {detail}" if detail else ""))
                    wait = self._delay(attempt)
                else:
                    raise self._client_error(resp, ref, url)
            if attempt < self.max_retries:
                self.sleep(wait)
        raise self.error(f"{last_problem}. Ga opp etter {self.max_retries + 1} forsøk.", ref)

    def _client_error(self, resp: HttpResponse, ref: str | None, url: str) -> Exception:
        detail = error_text(resp.body)
        return self.error(f"{self.service} svarte med HTTP {resp.status}"
                          + (f": «{detail}»" if detail else "."), ref)
