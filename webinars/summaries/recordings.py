"""A webinar's recording on its summary page: the player to embed, and the address of a moment in it.

YouTube is embedded from youtube-nocookie.com and Vimeo with ``dnt=1`` (their
privacy-enhanced players: no tracking cookie before the visitor presses play);
a direct video file plays in a ``<video>`` element. Anything else stays a link.
Pure functions of the address, tested without the app.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

# The origins the summary page's Content-Security-Policy lets it frame, and only that page.
FRAME_ORIGINS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")
VIDEO_EXTENSIONS = (".mp4", ".webm", ".ogv", ".m4v", ".mov")

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^\d{1,12}$")


@dataclass(frozen=True)
class Player:
    kind: str  # "youtube", "vimeo" or "video"
    src: str  # the embed (or file) address
    video_id: str = ""

    @property
    def is_frame(self) -> bool:
        return self.kind in ("youtube", "vimeo")

    def src_at(self, seconds: int) -> str:
        """The player's address starting at ``seconds``."""
        return at_moment_of_player(self, seconds)


def _youtube_id(parts) -> str | None:
    host = parts.hostname or ""
    path = parts.path.strip("/")
    if host in ("youtu.be", "www.youtu.be"):
        candidate = path.split("/")[0]
    elif host.endswith("youtube.com") or host.endswith("youtube-nocookie.com"):
        if path == "watch":
            candidate = (parse_qs(parts.query).get("v") or [""])[0]
        elif path.startswith(("embed/", "shorts/", "live/", "v/")):
            candidate = path.split("/")[1] if "/" in path else ""
        else:
            return None
    else:
        return None
    return candidate if _YOUTUBE_ID.match(candidate or "") else None


def _vimeo_id(parts) -> str | None:
    host = parts.hostname or ""
    if not (host == "vimeo.com" or host.endswith(".vimeo.com")):
        return None
    segments = [segment for segment in parts.path.split("/") if segment]
    if host == "player.vimeo.com" and len(segments) == 2 and segments[0] == "video":
        candidate = segments[1]
    else:
        candidate = next((segment for segment in segments if _VIMEO_ID.match(segment)), "")
    return candidate if _VIMEO_ID.match(candidate) else None


def player_for(url: str | None) -> Player | None:
    """The embedded player of a recording's address; ``None`` when it can only be linked to."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        return None
    youtube = _youtube_id(parts)
    if youtube:
        return Player("youtube", f"https://www.youtube-nocookie.com/embed/{youtube}", youtube)
    vimeo = _vimeo_id(parts)
    if vimeo:
        return Player("vimeo", f"https://player.vimeo.com/video/{vimeo}?dnt=1", vimeo)
    if parts.scheme == "https" and parts.path.lower().endswith(VIDEO_EXTENSIONS):
        return Player("video", url.strip())
    return None


def at_moment_of_player(player: Player, seconds: int) -> str:
    seconds = max(int(seconds), 0)
    if player.kind == "youtube":
        return f"{player.src}?{urlencode({'start': seconds, 'autoplay': 1})}"
    if player.kind == "vimeo":
        return f"{player.src}&autoplay=1#t={seconds}s"
    return f"{player.src.split('#')[0]}#t={seconds}"


def at_moment(url: str, seconds: int) -> str:
    """The recording's own address at ``seconds``: ``t=`` for YouTube, ``#t=`` for Vimeo and video files."""
    seconds = max(int(seconds), 0)
    url = url.strip()
    player = player_for(url)
    if player is not None and player.kind == "youtube":
        return f"https://www.youtube.com/watch?{urlencode({'v': player.video_id, 't': f'{seconds}s'})}"
    if player is not None and player.kind == "vimeo":
        return f"https://vimeo.com/{player.video_id}#t={seconds}s"
    return f"{url.split('#')[0]}#t={seconds}"
