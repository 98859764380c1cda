// Keyboard shortcuts: "/" jumps to the page's search box, Escape leaves it.
document.addEventListener("keydown", (event) => {
  const target = event.target;
  const typing = target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
  if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
    // The page's own search box (the people filter, the search page) before the header's.
    const search = document.querySelector('main input[type="search"]') || document.querySelector('input[type="search"]');
    if (search instanceof HTMLInputElement) {
      event.preventDefault();
      search.focus();
      search.select();
    }
  } else if (event.key === "Escape" && target instanceof HTMLInputElement && target.type === "search") {
    target.blur();
  }
});

// Copy buttons (messages): <button data-copy-target="ID" hidden> copies the text of the
// field with that id. They stay hidden without JavaScript, where the text is selectable.
document.querySelectorAll("[data-copy-target]").forEach((button) => {
  if (button instanceof HTMLElement) button.hidden = false;
});
document.addEventListener("click", async (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-copy-target]") : null;
  if (!(button instanceof HTMLButtonElement)) return;
  const source = document.getElementById(button.dataset.copyTarget || "");
  if (!(source instanceof HTMLTextAreaElement || source instanceof HTMLInputElement)) return;
  const label = button.textContent;
  try {
    await navigator.clipboard.writeText(source.value);
    button.textContent = "Copied";
  } catch {
    source.select();
    button.textContent = "Selected: press Ctrl+C or ⌘C";
  }
  setTimeout(() => { button.textContent = label; }, 2000);
});

// ---- Interview live mode ------------------------------------------------------------
// Elements marked data-no-js (plain "Save" buttons) are for browsers without JavaScript;
// here htmx saves each tick and the notes as they change.
document.querySelectorAll("[data-no-js]").forEach((element) => {
  if (element instanceof HTMLElement) element.hidden = true;
});

// The timer: <section data-timer data-timer-minutes="30" data-timer-key="…">. The start time
// is kept in localStorage, so a reload in the middle of the meeting keeps counting.
document.querySelectorAll("[data-timer]").forEach((timer) => {
  if (!(timer instanceof HTMLElement)) return;
  const minutes = Number(timer.dataset.timerMinutes || "30");
  const key = timer.dataset.timerKey || "coffeechat-timer";
  const clock = timer.querySelector(".timer-clock");
  const controls = timer.querySelector("[data-timer-controls]");
  const elapsed = timer.querySelector("[data-timer-elapsed]");
  const remaining = timer.querySelector("[data-timer-remaining]");
  const start = timer.querySelector("[data-timer-start]");
  const reset = timer.querySelector("[data-timer-reset]");
  if (clock instanceof HTMLElement) clock.hidden = false;
  if (controls instanceof HTMLElement) controls.hidden = false;
  const format = (seconds) => {
    const s = Math.max(0, Math.floor(seconds));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  };
  let handle = 0;
  const tick = () => {
    const started = Number(localStorage.getItem(key) || "0");
    const seconds = started ? (Date.now() - started) / 1000 : 0;
    const left = minutes * 60 - seconds;
    if (elapsed) elapsed.textContent = format(seconds);
    if (remaining) remaining.textContent = left >= 0 ? format(left) : `over by ${format(-left)}`;
    timer.classList.toggle("over", left < 0);
    if (start instanceof HTMLButtonElement) start.disabled = Boolean(started);
  };
  const run = () => {
    window.clearInterval(handle);
    tick();
    if (localStorage.getItem(key)) handle = window.setInterval(tick, 1000);
  };
  start?.addEventListener("click", () => {
    localStorage.setItem(key, String(Date.now()));
    run();
  });
  reset?.addEventListener("click", () => {
    localStorage.removeItem(key);
    run();
  });
  run();
});

// Say when an htmx save has landed (or not), in the page's live region.
const liveStatus = document.getElementById("live-status");
if (liveStatus) {
  document.body.addEventListener("htmx:afterRequest", (event) => {
    const ok = event.detail && event.detail.successful;
    const time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    liveStatus.textContent = ok ? `Saved at ${time}.` : "Not saved: check your connection, then try again.";
    liveStatus.classList.toggle("error", !ok);
  });
}
// Notes typed in the last moments before leaving the page (closing the tab, reloading, following
// a link) would otherwise wait out htmx's delay and be lost: send them as the page goes away.
document.querySelectorAll("textarea[hx-post][data-save-on-leave]").forEach((area) => {
  if (!(area instanceof HTMLTextAreaElement) || !area.form) return;
  const form = area.form;
  const url = area.getAttribute("hx-post") || form.action;
  let unsaved = false;
  area.addEventListener("input", () => { unsaved = true; });
  area.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail && event.detail.successful) unsaved = false;
  });
  const flush = () => {
    if (unsaved && navigator.sendBeacon(url, new FormData(form))) unsaved = false;
  };
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") flush();
  });
});
// ---- end interview live mode --------------------------------------------------------
