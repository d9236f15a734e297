import pytest
from playwright.sync_api import expect
from tests.browser.conftest import configure, open_gmail, open_panel
pytestmark = pytest.mark.browser
def test_debug(context, extension, service):
    configure(context, extension, service.url, service.token)
    open_gmail(context, "thread")
    panel = open_panel(context, extension)
    panel.get_by_role("button", name="Research & draft").click()
    expect(panel.locator("#progress")).to_have_attribute("data-status", "done", timeout=30_000)
    cdp = context.new_cdp_session(panel)
    cdp.send("DOM.enable"); cdp.send("CSS.enable")
    doc = cdp.send("DOM.getDocument", {"depth": -1})
    for sel in [".fact-text", ".packet-text", "#draft-subject", "h2", ".source-text a", ".fact-meta", ".identity-role"]:
        nid = cdp.send("DOM.querySelector", {"nodeId": doc["root"]["nodeId"], "selector": sel})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": nid})
        print(sel, [f["familyName"] for f in fonts["fonts"]], panel.eval_on_selector(sel, "e => getComputedStyle(e).fontSize + ' ' + getComputedStyle(e).fontFamily.slice(0,30)"))
