"""Copying a citation in a real headless Chromium: a click on Copy (a real mouse press and release, so a
user gesture) puts the citation text on the clipboard and the page says so."""

from __future__ import annotations

import io
import time

from tests.server.chromium_devtools import Chromium


def test_the_copy_button_puts_the_citation_on_the_clipboard(catalog_server, tmp_path):
    admin = catalog_server.ckan(catalog_server.sysadmin_token)
    admin.action.organization_create(name="phuket-city", title="เทศบาลนครภูเก็ต")
    pkg = admin.action.package_create(name="procurement-2568", title="สรุปผลการจัดซื้อจัดจ้าง 2568",
                                      owner_org="phuket-city", version="1.0.0")
    admin.action.resource_create(package_id=pkg["id"], name="t.csv", upload=("t.csv", io.BytesIO(b"a,b\n1,2\n")))
    url = f"{catalog_server.url}/dataset/procurement-2568"
    browser = Chromium(tmp_path / "profile")
    try:
        browser.send("Browser.grantPermissions", {"origin": catalog_server.url,
                                                  "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        browser.send("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1,
                                                            "mobile": False}, session)
        browser.send("Page.navigate", {"url": url}, session)

        def value(expression: str, wait: bool = False):
            found = browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                      "awaitPromise": wait}, session)
            assert "exceptionDetails" not in found, found["exceptionDetails"]
            return found["result"].get("value")

        deadline = time.monotonic() + 30
        while value("document.readyState") != "complete":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        button = "document.querySelector('button[data-copy$=\"-en\"]')"
        value(f"{button}.scrollIntoView({{block: 'center'}})")
        box = value(f"(() => {{ const r = {button}.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2, "
                    f"{button}.hidden]; }})()")
        assert box[2] is False, "the script shows the Copy button"
        for kind in ("mousePressed", "mouseReleased"):
            browser.send("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1], "button": "left",
                                                      "clickCount": 1}, session)
        expected = value("document.querySelector('blockquote[id$=\"-en\"]').textContent.replace(/\\s+/g, ' ').trim()")
        deadline = time.monotonic() + 10
        while not value(f"{button}.parentNode.querySelector('.copy-status').textContent"):
            assert time.monotonic() < deadline, "the page never said the text was copied"
            time.sleep(0.05)
        status = value(f"{button}.parentNode.querySelector('.copy-status').textContent")
        assert status == value(f"{button}.getAttribute('data-copied')")
        copied = value("navigator.clipboard.readText()", wait=True)
        assert copied == expected
        assert "สรุปผลการจัดซื้อจัดจ้าง 2568" in copied and "Version 1.0.0" in copied and "/dataset/" in copied
    finally:
        browser.close()
