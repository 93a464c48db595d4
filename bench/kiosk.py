"""The kiosk's first screen in real Chromium on localhost: bytes transferred, and time to first render."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import sync_playwright

from tools.stack import Stack

CHROMIUM = "/usr/bin/chromium"
RUNS = 10
# Everything the page fetched (the page itself included), and when it first painted.
FIRST_SCREEN = """() => {
    const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
    const paint = performance.getEntriesByName("first-contentful-paint")[0];
    return {bytes: entries.reduce((sum, e) => sum + e.transferSize, 0), paint: paint ? paint.startTime : null};
}"""


def measure(stack: Stack, summary: Any) -> dict[str, Any]:
    """Load the welcome screen in a fresh browser context (nothing cached) several times."""
    sizes, paints = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for _ in range(RUNS):
            context = browser.new_context(viewport={"width": 1280, "height": 1024})
            page = context.new_page()
            page.goto(f"{stack.api_url}/kiosk")
            page.wait_for_selector(".attract")
            timing = page.evaluate(FIRST_SCREEN)
            sizes.append(timing["bytes"])
            if timing["paint"] is not None:
                paints.append(timing["paint"] / 1000)
            context.close()
        browser.close()
    report = {
        "first_screen_kb": round(max(sizes) / 1024, 1),
        "first_contentful_paint": summary(paints),
    }
    print(f"Kiosk first screen: {report}", flush=True)
    return report
