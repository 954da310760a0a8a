"""Debian's Chromium driven by Playwright (never a browser Playwright downloads itself)."""

import os
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import REPO_DIR, missing_system_tool

CHROMIUM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium"]
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = REPO_DIR / "test-artifacts" / "screenshots"


def chromium_path() -> str | None:
    """CHROMIUM_PATH if set, else the first system Chromium found."""
    candidates = [os.environ.get("CHROMIUM_PATH", ""), *CHROMIUM_PATHS]
    return next((path for path in candidates if path and Path(path).is_file()), None)


def launch_chromium() -> Iterator[object]:
    """A headless Chromium for the session; skips without one, but fails under CI=true."""
    path = chromium_path()
    if path is None:
        missing_system_tool(
            "no Chromium found (apt-get install chromium, or set CHROMIUM_PATH): browser tests cannot run"
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test code's own ORM calls are
    # still synchronous and sequential, so Django's async-safety guard does not apply to them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/ for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


UNLABELLED_CONTROLS = """() => Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea, button'))
    .filter(el => el.offsetParent !== null)
    .filter(el => !((el.labels && el.labels.length) || el.getAttribute('aria-label') || (el.tagName === 'BUTTON' && el.innerText.trim())))
    .map(el => el.outerHTML.slice(0, 120))"""

LOW_CONTRAST = """() => {
    const channel = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
    const luminance = rgb => 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
    const parse = value => (value.match(/[\\d.]+/g) || []).map(Number);
    const background = el => {
        for (let node = el; node; node = node.parentElement) {
            const bg = parse(getComputedStyle(node).backgroundColor);
            if (bg.length === 3 || (bg.length === 4 && bg[3] > 0)) return bg;
        }
        return [255, 255, 255];
    };
    const failures = [];
    document.querySelectorAll('p, a, button, label, li, td, th, h1, h2, h3, span, strong, time, summary').forEach(el => {
        if (!el.offsetParent || !Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim())) return;
        const fg = parse(getComputedStyle(el).color), bg = background(el);
        const [a, b] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
        const ratio = (a + 0.05) / (b + 0.05);
        if (ratio < 4.5) failures.push(el.tagName + '.' + el.className + ' ' + ratio.toFixed(2));
    });
    return failures;
}"""


def check_accessibility(page) -> None:
    """Every visible control has a label and all visible text meets WCAG AA contrast (4.5:1)."""
    unlabelled = page.evaluate(UNLABELLED_CONTROLS)
    assert unlabelled == [], f"controls without a label: {unlabelled}"
    low_contrast = page.evaluate(LOW_CONTRAST)
    assert low_contrast == [], f"text below 4.5:1 contrast: {low_contrast}"
