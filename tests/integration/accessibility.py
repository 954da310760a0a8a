"""What the browser tests ask of every page beyond the layout: axe-core's verdict, the layout shift while the
page and its fonts load, the skip link, and aria-describedby ids that exist.

axe-core is vendored under vendor/ (test-only, pinned; see its README) and evaluated through the DevTools
protocol, which the site's Content-Security-Policy does not apply to, so the page under test runs unchanged.
"""

import json
from functools import cache
from pathlib import Path

AXE_DIR = Path(__file__).parent / "vendor" / "axe-core-4.14.1"
# WCAG 2.0, 2.1 and 2.2 level A and AA, plus Deque's best practices (landmarks, one h1, skip link targets...).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
CLS_LIMIT = 0.05
NETWORK_LATENCY_MS = 150


@cache
def axe_source() -> str:
    return (AXE_DIR / "axe.min.js").read_text(encoding="utf-8")


RUN_AXE = """async tags => {
    const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
    return results.violations.map(rule => ({
        id: rule.id, impact: rule.impact, help: rule.help,
        nodes: rule.nodes.map(node => ({
            target: node.target.join(' '),
            html: node.html.slice(0, 160),
            summary: (node.failureSummary || '').split('\\n').slice(1, 3).map(line => line.trim()).join(' '),
        })),
    }));
}"""


def axe_violations(page, where: str) -> list[str]:
    """One line per failing element: where, rule, impact, what to fix, the element's selector and HTML."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    lines = []
    for rule in page.evaluate(RUN_AXE, AXE_TAGS):
        for node in rule["nodes"]:
            lines.append(
                f"{where}: {rule['id']} ({rule['impact']}) {rule['help']} | {node['target']} | "
                f"{node['summary']} | {node['html']}"
            )
    return lines


# The layout-shift entries Chromium buffered since navigation, summed once the fonts are in and two frames
# are drawn (a shift caused by a font swap is recorded by then). Shifts right after input do not count.
LAYOUT_SHIFT = """() => new Promise(resolve => {
    let total = 0;
    const sources = [];
    const add = entries => entries.forEach(entry => {
        if (entry.hadRecentInput) return;
        total += entry.value;
        entry.sources.forEach(source => source.node && sources.push(
            (source.node.tagName || '#text') + (source.node.className ? '.' + source.node.className : '')));
    });
    const observer = new PerformanceObserver(list => add(list.getEntries()));
    observer.observe({type: 'layout-shift', buffered: true});
    document.fonts.ready.then(() => requestAnimationFrame(() => requestAnimationFrame(() => {
        add(observer.takeRecords());
        observer.disconnect();
        resolve({total, sources: sources.slice(0, 6)});
    })));
})"""


def uncached(page):
    """A DevTools session on the page with the browser cache off: each page loads its fonts as a first visit."""
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.setCacheDisabled", {"cacheDisabled": True})
    return session


def throttle(session, latency_ms: int) -> None:
    """Every request waits latency_ms before its answer (Chromium's own network emulation)."""
    conditions = {"offline": False, "latency": latency_ms, "downloadThroughput": -1, "uploadThroughput": -1}
    session.send("Network.emulateNetworkConditions", conditions)


def layout_shift(page, where: str) -> list[str]:
    """[] when the page's cumulative layout shift is within CLS_LIMIT, else one line saying what moved."""
    shift = page.evaluate(LAYOUT_SHIFT)
    if shift["total"] <= CLS_LIMIT:
        return []
    return [f"{where}: CLS {shift['total']:.3f} > {CLS_LIMIT} (moved: {json.dumps(shift['sources'])})"]


# Elements a Tab can reach, in document order (no positive tabindex is used on the site).
FIRST_TABBABLE = """() => {
    const candidates = document.querySelectorAll(
        'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])');
    const first = Array.from(candidates).find(el => !el.disabled && el.getClientRects().length);
    return first ? first.outerHTML.slice(0, 160) : null;
}"""

MISSING_DESCRIPTIONS = """() => Array.from(document.querySelectorAll('[aria-describedby]')).flatMap(el =>
    el.getAttribute('aria-describedby').split(/\\s+/).filter(id => id && !document.getElementById(id))
        .map(id => `${el.tagName.toLowerCase()}#${el.id} points at missing #${id}`))"""


def structure_problems(page, where: str) -> list[str]:
    """The skip link comes first, and every aria-describedby names an element that exists."""
    problems = [f"{where}: {line}" for line in page.evaluate(MISSING_DESCRIPTIONS)]
    first = page.evaluate(FIRST_TABBABLE)
    if first is None or not ('class="skip-link"' in first or 'class="skip-to-content-link"' in first):  # ours, admin's
        problems.append(f"{where}: the first focusable element is not the skip link but {first}")
    return problems


# The focused element's ring: its style and width, and its contrast against what it is drawn on (the nearest
# ancestor with a background: the ring sits outside the element, on its surroundings).
FOCUS_RING = """() => {
    const el = document.activeElement;
    const channel = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
    const luminance = rgb => 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
    const parse = value => (value.match(/[\\d.]+/g) || []).map(Number);
    let background = [255, 255, 255];
    for (let node = el.parentElement; node; node = node.parentElement) {
        const bg = parse(getComputedStyle(node).backgroundColor);
        if (bg.length === 3 || (bg.length === 4 && bg[3] > 0)) { background = bg; break; }
    }
    const style = getComputedStyle(el);
    const [a, b] = [luminance(parse(style.outlineColor)), luminance(background)].sort((x, y) => y - x);
    return {
        element: el.outerHTML.slice(0, 100), style: style.outlineStyle, width: parseFloat(style.outlineWidth),
        ratio: (a + 0.05) / (b + 0.05), color: style.outlineColor, background: `rgb(${background.join(',')})`,
    };
}"""


def weak_focus_rings(page, where: str, *, stops: int) -> list[str]:
    """Tab through up to `stops` elements; each one whose ring is missing, thin or under 3:1 is listed."""
    weak = []
    for _ in range(stops):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break
        ring = page.evaluate(FOCUS_RING)
        if ring["style"] == "none" or ring["width"] < 2 or ring["ratio"] < 3:
            weak.append(
                f"{where}: {ring['element']} ring {ring['style']} {ring['width']}px {ring['color']} on "
                f"{ring['background']}: {ring['ratio']:.2f}:1"
            )
    return weak
