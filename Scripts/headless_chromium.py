"""Headless Chromium through Debian's chromium and chromium-driver, as the browser tests drive it
(Tests/CLITests/preview_check.py, Tests/ServerTests/page_check.py)."""
from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def driver(window_size):
    """A headless Chromium WebDriver of window_size ("W,H") that keeps the browser console (goog:loggingPrefs)."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={window_size}",
                "--no-proxy-server", "--disable-background-networking", "--disable-component-update"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(options=options, service=Service(executable_path="/usr/bin/chromedriver"))
