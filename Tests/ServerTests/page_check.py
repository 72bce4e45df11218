"""Loads the serve page in headless Chromium (selenium + chromium-driver) and reports, as one JSON line:
console errors, whether a click on the map drew an isochrone polygon, the legend's entries; optionally saves a
screenshot. Usage: page_check.py URL [screenshot.png] [lon lat zoom [core[@budget] [scenario]]]: with a core, the
districts are shaded around it first (within the budget, minutes, when given); with a place, the map is centred there
at that zoom and clicked there; without, clicked at the centre of the map as the page opens. With a scenario, the
page's switch is turned to it before the click, and the district classes before and after are reported."""
import json, pathlib, sys, time
from selenium.webdriver.common.by import By
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "Scripts"))
import headless_chromium  # noqa: E402

url = sys.argv[1]
shot = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else None
place = (float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])) if len(sys.argv) > 5 else None
core = sys.argv[6] if len(sys.argv) > 6 and sys.argv[6] else None
budget = None
if core and "@" in core:
    core, budget = core.split("@", 1)
scenario = sys.argv[7] if len(sys.argv) > 7 and sys.argv[7] else None

driver = headless_chromium.driver("1400,900")
result = {}
try:
    driver.set_page_load_timeout(60)
    driver.get(url)
    WebDriverWait(driver, 120).until(lambda d: d.execute_script("return document.body.dataset.ready === 'true'"))
    # Rings (when the page asks for them) and hubs: wait until their status settles.
    WebDriverWait(driver, 300).until(lambda d: "Computing" not in d.find_element(By.ID, "rings-status").text)
    WebDriverWait(driver, 120).until(lambda d: d.execute_script("return document.querySelectorAll('.leaflet-hubs-pane path').length > 0"))
    if core:
        field = driver.find_element(By.ID, "core")
        field.clear()
        field.send_keys(core)
        if budget:
            driver.execute_script("document.getElementById('budget').value = arguments[0]", budget)
        driver.find_element(By.ID, "rings-button").click()
        WebDriverWait(driver, 300).until(lambda d: d.find_element(By.ID, "rings-status").text.startswith(core))
    if scenario:
        result["classes_before"] = driver.execute_script("return state.classes")
        WebDriverWait(driver, 120).until(lambda d: d.find_element(By.ID, "compare-status").text.strip() != ""
                                         and "Comparing" not in d.find_element(By.ID, "compare-status").text)
        driver.execute_script("for (const i of document.querySelectorAll('#scenario-switch input')) if (i.value === arguments[0]) i.click()", scenario)
        WebDriverWait(driver, 300).until(lambda d: f"after: {scenario}" in d.find_element(By.ID, "rings-status").text
                                         or "error" in d.find_element(By.ID, "rings-status").get_attribute("class"))
        WebDriverWait(driver, 120).until(lambda d: "Comparing" not in d.find_element(By.ID, "compare-status").text)
        result["classes_after"] = driver.execute_script("return state.classes")
        result["rings_status_after"] = driver.find_element(By.ID, "rings-status").text
        result["compare_status"] = driver.find_element(By.ID, "compare-status").text
        result["switch"] = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#scenario-switch label")]
    result["district_paths"] = driver.execute_script("return document.querySelectorAll('.leaflet-districts-pane path').length")
    result["line_paths"] = driver.execute_script("return document.querySelectorAll('.leaflet-lines-pane path').length")
    result["rings_status"] = driver.find_element(By.ID, "rings-status").text
    before = driver.execute_script("return document.querySelectorAll('.leaflet-isochrone-pane path').length")
    element = driver.find_element(By.ID, "map")
    size = element.size
    dx, dy = 0, 0
    if place:
        driver.execute_script("map.setView([arguments[1], arguments[0]], arguments[2], {animate: false})", *place)
        time.sleep(1)
        point = driver.execute_script("const p = map.latLngToContainerPoint([arguments[1], arguments[0]]); return [p.x, p.y]", *place)
        dx, dy = int(point[0] - size["width"] / 2), int(point[1] - size["height"] / 2)
    ActionChains(driver).move_to_element_with_offset(element, dx, dy).click().perform()
    WebDriverWait(driver, 120).until(lambda d: d.execute_script("return document.querySelectorAll('.leaflet-isochrone-pane path').length") > before
                                     or "error" in d.find_element(By.ID, "iso-status").get_attribute("class"))
    result["isochrone_paths"] = driver.execute_script("return document.querySelectorAll('.leaflet-isochrone-pane path').length")
    result["iso_status"] = driver.find_element(By.ID, "iso-status").text
    result["district_labels"] = driver.execute_script("return document.querySelectorAll('.district-label').length")
    result["legend"] = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#legend .legend-row")]
    result["legend_text"] = driver.find_element(By.ID, "legend").text
    result["downloads"] = [e.get_attribute("href") for e in driver.find_elements(By.CSS_SELECTOR, "#downloads a")]
    time.sleep(0.5)
    if shot:
        driver.save_screenshot(shot)
    result["console"] = [{"level": e["level"], "message": e["message"]} for e in driver.get_log("browser")]
finally:
    driver.quit()
print(json.dumps(result, ensure_ascii=False))
