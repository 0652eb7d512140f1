"""The documentation site in a real browser: headless Chromium opens it from file://, and
the home page, a concept page, the language switch and the search work.

Needs Debian's ``chromium`` and ``chromium-driver`` (.ci/run installs them) and selenium;
it drives /usr/bin/chromedriver directly, so Selenium Manager never downloads anything.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from rdflib import Literal

from kegiatan_kg.codelist import concepts
from kegiatan_kg.namespaces import SKOS, scheme
from kegiatan_kg.site import Site, write_site

pytestmark = pytest.mark.slow

CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def site(tmp_path_factory, vocabulary):
    out = tmp_path_factory.mktemp("browser") / "site"
    write_site(out, vocabulary)
    return out


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    if not (Path(CHROMEDRIVER).is_file() and Path(CHROMIUM).is_file()):
        pytest.skip("chromium and chromium-driver are not installed (apt-get install chromium)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1280,1000",
    ):
        options.add_argument(flag)
    browser = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    browser.set_page_load_timeout(30)
    browser.implicitly_wait(0)
    yield browser
    browser.quit()


def by_css(driver, selector):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def visible_text(driver, selector) -> str:
    return by_css(driver, selector).text.strip()


def test_home_page(driver, site, vocabulary, tmp_path):
    driver.get((site / "index.html").as_uri())
    assert driver.title.endswith("· kegiatan-kg")
    assert (
        visible_text(driver, "h1") == "Kosakata dan ontologi kegiatan pengembangan kompetensi ASN"
    )
    assert by_css(driver, "figure.diagram svg").is_displayed()
    assert by_css(driver, "#versi").text
    schemes = driver.find_elements("css selector", "ul.schemes li a")
    assert len(schemes) == len(Site(vocabulary).schemes)
    driver.save_screenshot(str(tmp_path / "home.png"))


def test_concept_page_reached_by_clicking(driver, site):
    driver.get((site / "skema" / "jenis.html").as_uri())
    by_css(driver, 'nav.tree a[href$="konsep/jenis/seminar.html"]').click()
    assert driver.current_url.endswith("/konsep/jenis/seminar.html")
    assert visible_text(driver, "#judul") == "Seminar"
    assert visible_text(driver, "#kode") == "jenis.seminar"
    definition = visible_text(driver, "section.definition p")
    assert definition.startswith("Pertemuan atau persidangan untuk membahas suatu masalah")


def test_language_switch(driver, site, vocabulary):
    driver.execute_script("try { localStorage.clear(); } catch (e) {}")
    driver.get((site / "konsep" / "jenis" / "bimbingan-teknis.html").as_uri())
    label_en = next(c.label_en for c in concepts(vocabulary) if c.code == "jenis.bimbingan-teknis")
    assert visible_text(driver, "#judul") == "Bimbingan Teknis"
    by_css(driver, "#lang-en").click()
    assert visible_text(driver, "#judul") == label_en
    assert driver.execute_script("return document.documentElement.lang") == "en"
    assert by_css(driver, "#lang-en").get_attribute("aria-pressed") == "true"
    # the choice holds on the next page
    driver.get((site / "index.html").as_uri())
    assert visible_text(driver, "h2#skema") == "Concept schemes"
    by_css(driver, "#lang-id").click()
    assert visible_text(driver, "h2#skema") == "Skema konsep"


def test_search_finds_a_concept_by_an_alternative_label(driver, site, vocabulary):
    """Pick an alternative label of an activity type that no other concept's names contain;
    typing it must offer that concept first, and Enter opens its page."""
    from selenium.webdriver.common.keys import Keys

    names: dict[str, set] = {}  # every label, lower-cased -> the nodes that carry it
    for predicate in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, SKOS.notation):
        for node, name in vocabulary.subject_objects(predicate):
            names.setdefault(str(name).lower(), set()).add(node)
    candidates = sorted(
        (str(alt), c)
        for c in concepts(vocabulary)
        if c.scheme == scheme("jenis")
        for alt in vocabulary.objects(c.iri, SKOS.altLabel)
        if isinstance(alt, Literal)
        and names[str(alt).lower()] == {c.iri}
        and not any(str(alt).lower() in other and other != str(alt).lower() for other in names)
    )
    assert candidates, "the activity types have alternative labels (Bimtek, Webinar ...)"
    alt, concept = candidates[0]
    page = Site(vocabulary).paths[concept.iri]
    driver.get((site / "ontologi.html").as_uri())
    box = by_css(driver, "#cari")
    box.send_keys(alt)
    first = by_css(driver, "#hasil li a")
    assert by_css(driver, "#hasil").is_displayed()
    assert first.get_attribute("href").endswith("/" + page)
    assert concept.label_id in first.text
    box.send_keys(Keys.ENTER)
    assert driver.current_url.endswith("/" + page)
    assert visible_text(driver, "#judul") == concept.label_id


def test_search_with_no_match_says_so(driver, site):
    driver.get((site / "index.html").as_uri())
    by_css(driver, "#cari").send_keys("zzzz-tidak-ada")
    assert visible_text(driver, "#hasil") == "Konsep tidak ditemukan"


def test_search_results_by_keyboard(driver, site):
    from selenium.webdriver.common.keys import Keys

    driver.get((site / "index.html").as_uri())
    box = by_css(driver, "#cari")
    box.send_keys("KL1")  # KL10, KL11, KL12 ...
    links = driver.find_elements("css selector", "#hasil li a")
    assert len(links) >= 2
    box.send_keys(Keys.ARROW_DOWN)
    assert driver.switch_to.active_element == links[0]
    driver.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    assert driver.switch_to.active_element == links[1]
    target = links[1].get_attribute("href")
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    assert driver.current_url == target
    assert "/konsep/jalur/KL1" in target
