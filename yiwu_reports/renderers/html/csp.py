"""The page's Content-Security-Policy: nothing may load, and only the page's own stylesheet and
script may apply, each allowed by the SHA-256 of its exact text.

A portal may add its own policy header; this one travels with the file, so the page stays inert
wherever it is opened (a copy on a desktop, a mirror). Hashes rather than 'unsafe-inline': text
that somehow became markup could not add a script or a style of its own.
"""

from __future__ import annotations

import base64
import hashlib


def source_hash(text: str) -> str:
    """The CSP source expression allowing an inline element whose content is exactly `text`."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(style: str, script: str) -> str:
    """The policy for a page whose one <style> holds `style` and one <script> holds `script`.

    default-src 'none' forbids every fetch (images, fonts, frames, connections); the SVG charts
    are inline markup and need no source. base-uri and form-action stop a stray <base> or a
    submitted form from sending the reader anywhere."""
    return (f"default-src 'none'; style-src {source_hash(style)}; "
            f"script-src {source_hash(script)}; base-uri 'none'; form-action 'none'")
