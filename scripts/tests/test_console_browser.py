"""The web console in a real headless Chromium (Debian chromium + chromedriver, driven by
selenium) against a live server with a seeded pool and a finished selection job.

Every wait polls a condition in the page (WebDriverWait); none sleeps for a fixed time."""
import pathlib
import sys

import pytest
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from console_server import Server, Stub, chromium  # noqa: E402

WAIT = 30


def wait(driver):
    """Polls a condition; pages re-render (the jobs table on every change), so an element found a
    moment ago may be replaced: that is retried, not a failure."""
    return WebDriverWait(driver, WAIT, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))


def questions(prefix, n):
    return [{"id": f"{prefix}-{i}", "question": f"{prefix} question {i}: what is {i} plus {i % 7}?",
             "answer": str(i + i % 7), "metadata": {"split": "train" if i % 3 else "test", "level": i % 5}} for i in range(n)]


def embed(server, pool):
    job = server.call("POST", f"/v1/pools/{pool}/features/embedding/embed", {})
    assert server.wait_job(job["id"])["status"] == "succeeded"


@pytest.fixture(scope="module")
def stub():
    s = Stub(dim=16)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def server(stub):
    s = Server(embed_base_url=f"http://127.0.0.1:{stub.port}/v1")
    for pool, n in (("gsm", 300), ("targets", 12)):
        s.call("POST", "/v1/pools", {"name": pool})
        s.items(pool, questions(pool, n))
        embed(s, pool)
    job = s.call("POST", "/v1/selections", {"candidates": {"pool": "gsm", "feature": "embedding"},
                                            "targets": {"pool": "targets", "feature": "embedding"},
                                            "method": "round_robin", "budget": {"k": 25}})
    assert s.wait_job(job["id"])["status"] == "succeeded"
    s.job = job["id"]
    # A method that scores every candidate: its result page draws all scores, selected vs not.
    scored = s.call("POST", "/v1/selections", {"candidates": {"pool": "gsm", "feature": "embedding"},
                                               "targets": {"pool": "targets", "feature": "embedding"},
                                               "method": "mean_topk", "budget": {"k": 25}})
    assert s.wait_job(scored["id"])["status"] == "succeeded"
    s.scored_job = scored["id"]
    yield s
    s.stop()


@pytest.fixture
def browser():
    driver = chromium()
    yield driver
    driver.quit()


def severe_logs(driver, allow=()):
    entries = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    return [e for e in entries if not any(a in e["message"] for a in allow)]


def open_page(driver, server, hash_, title):
    """Loads the page afresh (not a hash change) and waits for its heading."""
    driver.get("about:blank")
    driver.get(f"{server.url}/#{hash_}")
    wait(driver).until(lambda d: any(e.text == title for e in d.find_elements(By.CSS_SELECTOR, "#view h2")))


def test_every_page_loads_without_errors(server, browser):
    pages = {"/pools": "Pools", "/pools/gsm": "Pool gsm", "/jobs": "Jobs", f"/jobs/{server.job}/result": f"Selection {server.job}",
             "/playground": "Exemplar playground"}
    for hash_, title in pages.items():
        open_page(browser, server, hash_, title)
        assert not browser.find_elements(By.CSS_SELECTOR, "#view .error"), hash_
    assert severe_logs(browser) == []


def test_pools_and_items_pages_show_counts_and_search(server, browser):
    open_page(browser, server, "/pools", "Pools")
    text = browser.find_element(By.ID, "pools").text
    assert "gsm" in text and "300" in text and "d=16" in text
    open_page(browser, server, "/pools/gsm", "Pool gsm")
    wait(browser).until(lambda d: "Items 1 to 100 of 300" in d.find_element(By.ID, "items").text)
    browser.find_element(By.CSS_SELECTOR, "#items button:nth-of-type(2)").click()
    wait(browser).until(lambda d: "Items 101 to 200 of 300" in d.find_element(By.ID, "items").text)
    box = browser.find_element(By.ID, "item-search")
    box.send_keys("gsm-42", Keys.ENTER)
    wait(browser).until(lambda d: "1 item with that id" in d.find_element(By.ID, "items").text)
    assert "gsm question 42" in browser.find_element(By.ID, "items").text
    box.clear()
    box.send_keys("level=3", Keys.ENTER)
    wait(browser).until(lambda d: "items with level = 3" in d.find_element(By.ID, "items").text)
    assert "60 items with level = 3" in browser.find_element(By.ID, "items").text
    assert severe_logs(browser) == []


def test_result_map_has_every_sampled_point_marks_the_selected_and_hover_shows_the_id(server, browser):
    projection = server.call("GET", f"/v1/pools/gsm/features/embedding/projection?targets_job={server.job}")
    open_page(browser, server, f"/jobs/{server.job}/result", f"Selection {server.job}")
    wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#map circle.pt"))
    circles = browser.find_elements(By.CSS_SELECTOR, "#map circle.pt")
    assert len(circles) == projection["sample"] == len(projection["points"]) == 300
    ranks = {p["id"]: p["rank"] for p in projection["points"] if p["rank"] is not None}
    selected = browser.find_elements(By.CSS_SELECTOR, "#map circle.pt.sel")
    assert {c.get_attribute("data-id"): int(c.get_attribute("data-rank")) for c in selected} == ranks
    assert len(ranks) == 25
    assert len(browser.find_elements(By.CSS_SELECTOR, "#map path.tgt")) == len(projection["targets"]) == 12
    first = min(ranks, key=ranks.get)
    point = browser.find_element(By.CSS_SELECTOR, f'#map circle[data-id="{first}"]')
    ActionChains(browser).move_to_element(point).perform()
    tooltip = browser.find_element(By.ID, "tooltip")
    wait(browser).until(lambda d: tooltip.is_displayed() and first in tooltip.text)
    index = int(first.split("-")[1])
    wait(browser).until(lambda d: f"gsm question {index}:" in tooltip.text)
    # An unselected point too.
    other = next(p for p in projection["points"] if p["rank"] is None)
    ActionChains(browser).move_to_element(browser.find_element(By.CSS_SELECTOR, f'#map circle[data-id="{other["id"]}"]')).perform()
    wait(browser).until(lambda d: tooltip.text.startswith(other["id"]))
    assert severe_logs(browser) == []


def test_result_page_draws_scores_coverage_and_the_selected_table(server, browser):
    open_page(browser, server, f"/jobs/{server.job}/result", f"Selection {server.job}")
    wait(browser).until(lambda d: d.find_elements(By.ID, "coverage-plot") and d.find_elements(By.CSS_SELECTOR, "#selected-table tbody tr"))
    result = server.call("GET", f"/v1/jobs/{server.job}/result")
    coverage = server.call("GET", f"/v1/jobs/{server.job}/coverage")
    assert browser.find_element(By.TAG_NAME, "body").get_attribute("data-first-plot-ms")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#coverage-plot circle.dot-pool")) == coverage["targets"] == 12
    rows = browser.find_elements(By.CSS_SELECTOR, "#selected-table tbody tr")
    assert len(rows) == 25
    assert rows[0].find_elements(By.TAG_NAME, "td")[1].text == result["selected"][0]["id"]
    assert "question" in rows[0].text
    # Every plot has a text alternative: an SVG <title> and a data table.
    for figure in browser.find_elements(By.CSS_SELECTOR, "#result figure"):
        assert figure.find_element(By.CSS_SELECTOR, "svg title").get_attribute("textContent")
        assert figure.find_elements(By.CSS_SELECTOR, "details table")
    links = {a.get_attribute("data-export"): a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a[data-export]")}
    assert set(links) == {"format=csv", "format=jsonl&include=items"}
    assert server.call("GET", links["format=csv"].replace(server.url, ""), raw=True).startswith(b"rank,id,index,score,weight")
    assert severe_logs(browser) == []


def histogram_table(browser):
    """The score histogram's data table as rows of cell texts (the table sits in a closed
    <details>, so textContent rather than the rendered text)."""
    figure = browser.find_element(By.ID, "score-histogram")
    head = [c.get_attribute("textContent") for c in figure.find_elements(By.CSS_SELECTOR, "details table thead th")]
    rows = [[c.get_attribute("textContent") for c in r.find_elements(By.TAG_NAME, "td")]
            for r in figure.find_elements(By.CSS_SELECTOR, "details table tbody tr")]
    return figure.find_element(By.TAG_NAME, "figcaption").get_attribute("textContent"), head, rows


def test_score_histogram_counts_every_candidate_selected_vs_not(server, browser):
    open_page(browser, server, f"/jobs/{server.scored_job}/result", f"Selection {server.scored_job}")
    wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#score-histogram details table tbody tr"))
    caption, head, rows = histogram_table(browser)
    exact = server.call("GET", f"/v1/jobs/{server.scored_job}/result")["diagnostics"]["score_histogram"]
    assert caption == "Scores of all 300 candidates, selected vs not"
    assert head == ["from", "to", "selected", "not selected"]
    assert [int(r[2]) for r in rows] == exact["selected"] and [int(r[3]) for r in rows] == exact["not_selected"]
    assert sum(exact["selected"]) == 25 and sum(exact["not_selected"]) == 275
    # Two bars per bin, one per series, each titled with its count.
    bars = browser.find_elements(By.CSS_SELECTOR, "#score-histogram-plot rect.bar-sel, #score-histogram-plot rect.bar-other")
    assert len(bars) == 2 * len(rows)
    # round_robin scores only what it picks: one series, and the caption says so.
    open_page(browser, server, f"/jobs/{server.job}/result", f"Selection {server.job}")
    wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#score-histogram details table tbody tr"))
    caption, head, rows = histogram_table(browser)
    assert caption.startswith("Scores of the 25 selected items") and "only the items it selects" in caption
    assert head == ["from", "to", "selected"] and sum(int(r[2]) for r in rows) == 25
    assert severe_logs(browser) == []


def test_the_map_can_be_walked_with_the_keyboard(server, browser):
    open_page(browser, server, f"/jobs/{server.job}/result", f"Selection {server.job}")
    wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#map circle.pt"))
    first = server.call("GET", f"/v1/jobs/{server.job}/result?limit=1")["selected"][0]["id"]
    browser.find_element(By.ID, "map").send_keys(Keys.ARROW_RIGHT)
    tooltip = browser.find_element(By.ID, "tooltip")
    wait(browser).until(lambda d: tooltip.text.startswith(f"{first} — rank 1"))


def test_a_running_jobs_progress_bar_moves_and_cancel_cancels_it(server, stub, browser):
    server.call("POST", "/v1/pools", {"name": "slow"})
    server.items("slow", questions("slow", 64 * 40))
    stub.control(mode="slow", delay_ms=150)
    try:
        job = server.call("POST", "/v1/pools/slow/features/embedding/embed", {})
        open_page(browser, server, "/jobs", "Jobs")
        bar = f'progress[data-job="{job["id"]}"]'
        wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, bar))
        seen = float(wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, bar).get_attribute("value")))
        wait(browser).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, bar) and float(d.find_element(By.CSS_SELECTOR, bar).get_attribute("value")) > seen)
        wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, f'button[data-cancel="{job["id"]}"]').click() or True)
        wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, f'td[data-status="{job["id"]}"]').text == "cancelled")
        final = server.call("GET", f"/v1/jobs/{job['id']}")
        assert final["status"] == "cancelled" and final["progress"]["done"] < final["progress"]["total"]
    finally:
        stub.control(mode="ok")
    assert severe_logs(browser) == []


def test_the_playground_shows_methods_side_by_side(server, browser):
    open_page(browser, server, "/playground", "Exemplar playground")
    browser.find_element(By.ID, "pg-question").send_keys("What is 3 plus 3?")
    browser.find_element(By.CSS_SELECTOR, "#playground button[type=submit]").click()
    wait(browser).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#playground-results section table")) == 3)
    methods = [s.get_attribute("data-method") for s in browser.find_elements(By.CSS_SELECTOR, "#playground-results section")]
    assert methods == ["lore", "knn", "mmr"]
    for section in browser.find_elements(By.CSS_SELECTOR, "#playground-results section"):
        assert len(section.find_elements(By.CSS_SELECTOR, "tbody tr")) == 4
        assert section.find_element(By.CSS_SELECTOR, "details pre").get_attribute("textContent")
    assert severe_logs(browser) == []


def test_with_an_api_key_nothing_shows_before_the_key_and_everything_after(browser):
    keyed = Server(api_key="console-secret")
    try:
        keyed.call("POST", "/v1/pools", {"name": "private-pool"})
        browser.get(f"{keyed.url}/#/pools")
        form = browser.find_element(By.ID, "key-form")
        wait(browser).until(lambda d: form.is_displayed())
        assert "private-pool" not in browser.page_source
        assert browser.find_element(By.ID, "view").text == ""
        field = browser.find_element(By.ID, "key-input")
        field.send_keys("wrong", Keys.ENTER)
        wait(browser).until(lambda d: "not accepted" in d.find_element(By.ID, "key-error").text)
        assert "private-pool" not in browser.page_source
        browser.find_element(By.ID, "key-input").send_keys("console-secret", Keys.ENTER)
        wait(browser).until(lambda d: "private-pool" in d.find_element(By.ID, "view").text)
        assert not form.is_displayed()
        # Asked once: another page in the same tab needs no key.
        browser.get(f"{keyed.url}/#/jobs")
        wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#view h2"))
        assert not form.is_displayed()
        # The only errors are the two refused requests (no key, wrong key).
        assert severe_logs(browser, allow=("401 (Unauthorized)",)) == []
    finally:
        keyed.stop()
