"""Text contrast by WCAG 2.x: the ratio of two colours' relative luminance, and a text colour that
reaches level AA (4.5:1 for body text) on any background.

The page draws text on palette colours a user may change in a config file, so the colour of that
text is chosen here rather than trusted.
"""

from __future__ import annotations

AA = 4.5
"""Contrast ratio level AA asks for normal-size text."""
BLACK = "#000000"
WHITE = "#FFFFFF"


def _channel(value: int) -> float:
    share = value / 255
    return share / 12.92 if share <= 0.04045 else ((share + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """Relative luminance of #RRGGBB (0 black … 1 white)."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two #RRGGBB colours, from 1 (same) to 21 (black on white)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_ink(background: str, preferred: str | None = None) -> str:
    """`preferred` when it reaches AA on `background`, else black or white, whichever contrasts
    more (one of the two always reaches 4.58:1, whatever the background)."""
    if preferred is not None and contrast_ratio(preferred, background) >= AA:
        return preferred.upper()
    return max((BLACK, WHITE), key=lambda ink: contrast_ratio(ink, background))
