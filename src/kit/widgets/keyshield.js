// Keeps keys typed in an exercise's native controls (select boxes, radio inputs, buttons) away
// from JupyterLab's command-mode shortcuts, which would otherwise move between cells on the
// arrow keys or turn a cell into a heading on "1". Two ways out stay open, so the exercise is
// never a trap: Shift, Ctrl or Alt with Enter reach JupyterLab (run the cell; Ctrl+S, save,
// does too), and Escape leaves the exercise: focus goes to its cell, where Esc-then-A, B or
// the arrows work as lesson 00 teaches. The exercise's own widgets let both through unless
// they have something to undo first (Escape drops a half-made highlight before it leaves).
//
// It also marks the parts of the exercise that change on their own (notices, Check's feedback,
// search results) as polite live regions, so a screen reader reads them out. The save status
// is left out: it changes on every keystroke in a text box, and would talk over the typing. A
// save that fails is different: the shell shows it as an alert of its own (role='alert').
// forLab comes from keys.js, sent in front of this file.

const LIVE = [".kit-notice", ".kit-feedback", ".kit-evidence-results"];

function shield(root) {
  if (root.dataset.kitShield) return;
  root.dataset.kitShield = "1";
  keepFocusAfterLogin(root);
  for (const part of root.querySelectorAll(LIVE.join(","))) part.setAttribute("aria-live", "polite");
  root.addEventListener("keydown", (event) => {
    if (forLab(event)) return;
    event.stopPropagation();
    if (event.key === "Escape") leave(root);
  });
  // Text boxes keep every key to themselves (the widget library stops them), so Escape is
  // caught on its way down to one.
  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && event.target.matches("input, textarea")) leave(root);
  }, true);
}

// Once the learner's id is accepted, the id box is taken away and focus would fall to the top
// of the page: a keyboard or screen-reader user would lose their place. Focus goes to the first
// answer instead, and only if it was lost (never away from somewhere the learner chose).
function keepFocusAfterLogin(root) {
  let typing = false;
  root.addEventListener("focusin", (event) => {
    typing = !!event.target.closest(".kit-learner, .kit-learner-start");
  });
  const ANSWER = "[tabindex='0'], input:not(:disabled), textarea:not(:disabled)";
  new MutationObserver(() => {
    if (!typing || root.querySelector(".kit-learner")) return;
    if (document.activeElement !== document.body) { typing = false; return; }  // the learner moved it
    // The first answer is enabled a moment after the box goes: try on each redraw until it
    // takes focus.
    root.querySelector(".kit-item")?.querySelector(ANSWER)?.focus();
    if (root.contains(document.activeElement)) typing = false;
  }).observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ["disabled", "tabindex"] });
}

function leave(root) {
  const cell = root.closest(".jp-Cell");
  const target = cell && cell.tabIndex >= 0 ? cell : root.closest(".jp-Notebook");
  target?.focus();
}

function render({ el }) {
  let tries = 0;
  const attach = () => {
    const root = el.isConnected ? el.closest(".kit-exercise") : null;
    if (root) shield(root);
    else if (tries++ < 200) requestAnimationFrame(attach);
  };
  attach();
}

export default { render };
