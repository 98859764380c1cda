// Keyboard shortcuts: "/" jumps to the page's search box, Escape leaves it.
document.addEventListener("keydown", (event) => {
  const target = event.target;
  const typing = target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
  if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
    const search = document.querySelector('input[type="search"]');
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
