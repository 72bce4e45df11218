"""Loads a `preview` page in headless Chromium (selenium + chromium-driver) and reports, as one JSON line: the
console log, the rail line and station label counts, the legend's text, and for points inside every district
what the page has there (document.elementFromPoint: what a hover reaches), with the hovered tooltip's text for
the first district inside the commute circle that a point reaches.
Usage: preview_check.py PAGE.html"""
import json, sys, pathlib
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "Scripts"))
import headless_chromium  # noqa: E402

page = pathlib.Path(sys.argv[1]).resolve().as_uri()
driver = headless_chromium.driver("1600,1400")
result = {}
try:
    driver.set_page_load_timeout(60)
    driver.get(page)
    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.body.getAttribute('data-ready') === '1'"))
    result["rail_line_paths"] = driver.execute_script(
        "return document.querySelectorAll('g[data-layer^=\"rail lines\"] [data-p]').length")
    result["station_labels"] = driver.execute_script("return document.querySelectorAll('text.sl').length")
    result["legend"] = driver.execute_script(
        "return Array.from(document.querySelectorAll('g.legend text')).map(t => t.textContent)")
    # Every district: up to 6 points inside it, at least 4 px from its edge (isPointInFill at the point and 4 px
    # around it), and what the page has under each.
    result["probes"] = driver.execute_script("""
        const out = [];
        for (const el of document.querySelectorAll('g[data-kind="ringClasses"] [data-p]')) {
            const p = JSON.parse(el.getAttribute('data-p'));
            const box = el.getBBox(), ctm = el.getScreenCTM(), svg = el.ownerSVGElement;
            const inside = (x, y) => { const q = svg.createSVGPoint(); q.x = x; q.y = y; return el.isPointInFill(q); };
            let found = 0;
            for (let i = 0; i < 12 && found < 6; i++) for (let j = 0; j < 12 && found < 6; j++) {
                const x = box.x + (i + 0.5) * box.width / 12, y = box.y + (j + 0.5) * box.height / 12;
                if (![[0, 0], [4, 0], [-4, 0], [0, 4], [0, -4]].every(([dx, dy]) => inside(x + dx, y + dy))) continue;
                found++;
                const cx = Math.round(ctm.a * x + ctm.c * y + ctm.e), cy = Math.round(ctm.b * x + ctm.d * y + ctm.f);
                const hit = document.elementFromPoint(cx, cy);
                const feature = hit ? hit.closest('[data-p]') : null;
                const layer = feature ? feature.closest('[data-layer]') : null;
                const h = feature ? JSON.parse(feature.getAttribute('data-p')) : {};
                out.push({district: p.district, in_circle: p.in_circle === true, x: cx, y: cy,
                          hit_kind: layer ? layer.getAttribute('data-kind') : null,
                          hit_layer: layer ? layer.getAttribute('data-layer') : null,
                          hit_district: h.district === undefined ? null : h.district});
            }
        }
        return out;""")
    # Hover the first district in the circle whose label centre reaches it: the tooltip names it.
    target = next((p for p in result["probes"] if p["in_circle"] and p["hit_district"] == p["district"]), None)
    if target:
        move = ActionBuilder(driver)
        move.pointer_action.move_to_location(target["x"], target["y"])
        move.perform()
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "tip").is_displayed())
        result["tooltip_for"] = target["district"]
        result["tooltip"] = driver.find_element(By.ID, "tip").text
    result["console"] = [{"level": e["level"], "message": e["message"]} for e in driver.get_log("browser")]
finally:
    driver.quit()
print(json.dumps(result, ensure_ascii=False))
