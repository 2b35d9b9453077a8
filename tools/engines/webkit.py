"""WebKitGTK (Debian's webkit2gtk-driver) over WebDriver with selenium, under xvfb-run:
every figure on the given pages of the served book loads, its script starts, every control
moves its frame (keyboard for sliders, a click for buttons, a choice in a list), and no
script error is raised while the controls move (errors after load are caught by a
``window.onerror`` the driver installs; WebKitWebDriver has no console log to read).

    xvfb-run -a python tools/engines/webkit.py http://127.0.0.1:PORT book/a book/b  # JSON on stdout
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select
from selenium.webdriver.webkitgtk.service import Service

HELPERS = (Path(__file__).with_name("figures.js")).read_text()
DRIVER = os.environ.get("WEBKIT_DRIVER", "/usr/bin/WebKitWebDriver")
WATCH = """window.__nxcErrors = window.__nxcErrors || [];
window.addEventListener('error', function (e) { window.__nxcErrors.push(String(e.message)); });
window.addEventListener('unhandledrejection', function (e) { window.__nxcErrors.push(String(e.reason)); });"""


def state(driver) -> list[dict]:
    return driver.execute_script(HELPERS + "\nreturn figuresState();")


def until(driver, test, seconds: float = 5.0) -> list[dict]:
    end = time.monotonic() + seconds
    while True:
        figures = state(driver)
        if test(figures) or time.monotonic() > end:
            return figures
        time.sleep(0.05)


def compare_state(driver) -> dict:
    return driver.execute_script(HELPERS + "\nreturn compareState(0);")


def wait_compare(driver, test, timeout: float = 5) -> dict:
    end = time.time() + timeout
    while True:
        found = compare_state(driver)
        if test(found) or time.time() > end:
            return found
        time.sleep(0.05)


def compare(driver, figures: list[dict]) -> dict:
    """Pin the first figure's view, move its first control, then unpin: what each step showed."""
    box = driver.find_elements(By.CSS_SELECTOR, ".nxc-explorer")[0]
    before = compare_state(driver)
    pin = box.find_element(By.CSS_SELECTOR, ".nxc-pin")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", pin)
    pin.click()
    pinned = wait_compare(driver, lambda c: c["pinned"])
    control = figures[0]["controls"][0]
    step = control["index"] - 1 if control["index"] == control["count"] - 1 else control["index"] + 1
    element = box.find_elements(By.CSS_SELECTOR, "[data-nxc-axis]")[0]
    if control["kind"] == "slider":
        element.send_keys(Keys.ARROW_LEFT if step < control["index"] else Keys.ARROW_RIGHT)
    elif control["kind"] == "buttons":
        element.find_elements(By.CSS_SELECTOR, ".nxc-option")[step].click()
    elif control["kind"] == "toggle":
        element.click()
    else:
        Select(element).select_by_value(str(step))
    moved = wait_compare(driver, lambda c: c["shown"] != pinned["shown"] and "pin." in c["hash"])
    unpin = box.find_element(By.CSS_SELECTOR, ".nxc-unpin")
    # side by side, Unpin sits under the pinned view (the phone layout, taller): WebKitGTK's
    # driver does not scroll an element below the window into view before a click
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", unpin)
    unpin.click()
    unpinned = wait_compare(driver, lambda c: not c["pinned"])
    return {
        "pinned_is_view": pinned["pinned"] == before["shown"],
        "kept": moved["pinned"] == before["shown"],
        "moved": moved["shown"] != before["shown"],
        "readout": moved["readout"].startswith("Pinned "),
        "pressed": moved["pressed"] == "true",
        "hash": "pin." in moved["hash"],
        "unpinned": unpinned["pinned"] == "",
    }


def main(base: str, pages: list[str]) -> dict:
    options = webdriver.WebKitGTKOptions()
    driver = webdriver.WebKitGTK(options=options, service=Service(executable_path=DRIVER))
    results = []
    try:
        version = driver.capabilities.get("browserVersion", "")
        driver.set_window_size(1280, 900)
        for path in pages:
            driver.get(f"{base}/{path}.html")
            driver.execute_script(WATCH)
            figures = until(driver, lambda f: f and all(x["ready"] and x["complete"] for x in f), 15)
            record = {
                "page": path,
                "figures": len(figures),
                "ready": all(x["ready"] for x in figures),
                "moves": [],
            }
            for f, figure in enumerate(figures):
                for c, control in enumerate(figure["controls"]):
                    before = state(driver)[f]
                    control = before["controls"][c]
                    target = (
                        control["index"] - 1
                        if control["index"] == control["count"] - 1
                        else control["index"] + 1
                    )
                    box = driver.find_elements(By.CSS_SELECTOR, ".nxc-explorer")[f]
                    element = box.find_elements(By.CSS_SELECTOR, "[data-nxc-axis]")[c]
                    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
                    if control["kind"] == "slider":
                        element.send_keys(Keys.ARROW_LEFT if target < control["index"] else Keys.ARROW_RIGHT)
                    elif control["kind"] == "buttons":
                        element.find_elements(By.CSS_SELECTOR, ".nxc-option")[target].click()
                    elif control["kind"] == "toggle":
                        element.click()
                    else:
                        Select(element).select_by_value(str(target))
                    figures = until(
                        driver,
                        lambda x, f=f, c=c, target=target, before=before: (
                            x[f]["controls"][c]["index"] == target
                            and x[f]["alt"] == x[f]["expected"]
                            and x[f]["src"] != before["src"]
                        ),
                    )
                    after = figures[f]
                    record["moves"].append(
                        {
                            "figure": after["id"],
                            "control": control["name"],
                            "kind": control["kind"],
                            "moved": after["controls"][c]["index"] == target,
                            "frame_changed": after["src"] != before["src"] and after["alt"] != before["alt"],
                            "frame_right": after["alt"] == after["expected"]
                            and after["caption"] == before["caption"] != after["alt"],
                        }
                    )
            record["compare"] = compare(driver, state(driver))
            record["errors"] = driver.execute_script("return window.__nxcErrors || []")
            record["resources"] = driver.execute_script(
                "return performance.getEntriesByType('resource').map(e => e.name)"
                ".filter(u => !u.startsWith(location.origin))"
            )
            results.append(record)
    finally:
        driver.quit()
    return {"browser": f"WebKitGTK {version}", "results": results}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2:])))
