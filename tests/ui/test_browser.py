"""The web UI in a real browser: Debian's chromium driven by Playwright, over a real server.

Set ``PICKWISE_UPDATE_SCREENSHOT=1`` to copy the screenshot to ``docs/screenshot.png`` (the
README shows it).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pickwise.agent.app import Pickwise
from pickwise.ui import build_ui
from tests.ui.conftest import make_agent, serve

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parents[2]
USER = "maya"
TIMEOUT_MS = 30_000

if not CHROMIUM.exists():
    pytest.skip(
        "Debian's chromium is not installed: run `apt-get install -y chromium` (as root)",
        allow_module_level=True,
    )

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def agent(demo_home: Path) -> Iterator[Pickwise]:
    a = make_agent(demo_home)
    yield a
    a.close()


@pytest.fixture(scope="module")
def url(agent: Pickwise) -> Iterator[str]:
    with serve(build_ui(agent)) as address:
        yield address


@pytest.fixture
def page(url: str) -> Iterator[Page]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        tab = open_page(browser, url)
        yield tab
        browser.close()


def open_page(browser: Browser, url: str) -> Page:
    """A page in a context of its own: a browser of its own, as another person's would be."""
    tab = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    tab.goto(url)
    # the load event fills it in: give it the page's timeout, not expect's 5 s (2 busy cores)
    expect(tab.locator("#profile-panel")).to_contain_text("Profile of guest-", timeout=TIMEOUT_MS)
    return tab


def sign_in(page: Page, name: str) -> None:
    box = page.locator("#user-name textarea, #user-name input").first
    box.fill(name)
    box.press("Enter")


def send(page: Page, message: str) -> None:
    page.locator("#chat-input textarea").fill(message)
    page.locator("#send-btn").click()


def test_chat_cards_and_a_like_update_the_profile(
    page: Page, agent: Pickwise, tmp_path: Path
) -> None:
    agent.reset_profile(USER)
    sign_in(page, USER)
    panel = page.locator("#profile-panel")
    expect(panel).to_contain_text(f"Profile of {USER}")

    send(page, "I loved Arrival, something lighter")
    first = page.locator("#pick-card-0")
    expect(first.locator(".card-title")).to_be_visible()
    expect(page.locator(".pick-card:visible")).to_have_count(agent.config.picks)
    expect(first.locator(".card-why")).to_contain_text("Why:")
    expect(page.locator("#chat")).to_contain_text("you liked Arrival")
    expect(panel.locator('[data-kind="liked"]')).to_contain_text("Arrival")
    title = first.locator(".card-body").get_attribute("data-item-id")
    shown = first.locator(".card-title").inner_text().rsplit(" (", 1)[0]
    assert title and title not in agent.profile(USER).liked

    first.locator(".like-btn").click()
    expect(panel.locator('[data-kind="liked"]')).to_contain_text(shown)
    assert title in agent.profile(USER).liked

    expect(page.locator(".toast-body")).to_have_count(0, timeout=15_000)  # notes fade away
    page.evaluate("document.querySelector('#chat .bubble-wrap')?.scrollTo(0, 0)")  # the opening
    shot = tmp_path / "pickwise-ui.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    if os.environ.get("PICKWISE_UPDATE_SCREENSHOT") == "1":
        (REPO / "docs").mkdir(exist_ok=True)
        shutil.copyfile(shot, REPO / "docs" / "screenshot.png")


def test_profile_entries_are_removed_and_reset_and_bad_names_refused(
    page: Page, agent: Pickwise
) -> None:
    user = "noor"
    agent.reset_profile(user)
    agent.edit_profile(user, like=["arrival-2016"], aspects=["lighter"])
    sign_in(page, "no spaces please")
    error = page.locator("#user-error")
    expect(error).to_contain_text("“no spaces please” cannot be a name")
    expect(error).to_contain_text("letters, digits or . _ - @ +")
    expect(page.locator(".toast-body")).to_have_count(0)  # inline: no toast over the field
    expect(page.locator("#profile-panel")).to_contain_text("Profile of guest-")
    send(page, "a western")  # not sent while the field shows a name that is not in use
    expect(page.locator("#chat-input textarea")).to_have_value("a western")
    expect(page.locator("#chat .message")).to_have_count(0)

    sign_in(page, user)
    panel = page.locator("#profile-panel")
    expect(panel.locator('[data-kind="liked"]')).to_contain_text("Arrival")
    expect(error).to_be_hidden()

    page.locator("#profile-edit").get_by_text("Forget some entries").click()
    forget = page.locator("#remove-entries")
    expect(forget).to_be_disabled()  # nothing ticked yet
    page.locator("#profile-entries").get_by_label("👍 Arrival").check()
    expect(forget).to_be_enabled()
    forget.click()
    expect(panel.locator('[data-kind="liked"]')).to_have_count(0)
    expect(panel.locator('[data-kind="aspect"]')).to_contain_text("lighter")
    expect(forget).to_be_disabled()
    assert "arrival-2016" not in agent.profile(user).liked

    page.locator("#reset-profile").click()  # asks first
    expect(page.locator("#reset-confirm")).to_be_visible()
    page.locator("#reset-cancel").click()
    expect(page.locator("#reset-confirm")).to_be_hidden()
    assert not agent.profile(user).is_empty()
    page.locator("#reset-profile").click()
    page.locator("#reset-yes").click()
    expect(panel).to_contain_text("Nothing yet")
    assert agent.profile(user).is_empty()


def test_each_browser_is_someone_of_its_own_and_a_reload_keeps_the_conversation(
    page: Page, url: str, agent: Pickwise
) -> None:
    name = page.locator("#user-name textarea, #user-name input").first
    me = name.input_value()
    assert me.startswith("guest-")
    send(page, "I loved Amélie")
    expect(page.locator("#pick-card-0 .card-title")).to_be_visible()
    expect(page.locator("#profile-panel")).to_contain_text("Amélie")
    assert agent.profile(me).liked

    assert page.context.browser is not None
    stranger = open_page(page.context.browser, url)  # another browser: not this one's profile
    theirs = stranger.locator("#profile-panel")
    expect(theirs).not_to_contain_text(me)
    expect(theirs).to_contain_text("Nothing yet")
    expect(stranger.locator("#chat")).not_to_contain_text("Amélie")

    page.reload()
    expect(name).to_have_value(me)
    expect(page.locator("#chat")).to_contain_text("I loved Amélie")
    send(page, "what were those films again?")  # the same thread: its memory goes on
    expect(page.locator("#chat")).to_contain_text("what were those films again?")
    expect(page.locator("#chat-input textarea")).to_have_value("")
    assert len(agent.profiles.threads(me)) == 1
