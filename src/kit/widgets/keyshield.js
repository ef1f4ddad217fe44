// Keeps keys typed in an exercise's native controls (select boxes, radio inputs, buttons) away
// from JupyterLab's command-mode shortcuts, which would otherwise move between cells on the
// arrow keys or turn a cell into a heading on "1". Two ways out stay open, so the exercise is
// never a trap: Shift, Ctrl or Alt with Enter reach JupyterLab (run the cell), and Escape
// leaves the exercise: focus goes to its cell, where Esc-then-A, B or the arrows work as lesson
// 00 teaches. The exercise's own widgets let both through unless they have something to undo
// first (Escape drops a half-made highlight before it leaves).
//
// It also marks the parts of the exercise that change on their own (notices, Check's feedback,
// search results) as polite live regions, so a screen reader reads them out. The save status
// is left out: it changes on every keystroke in a text box, and would talk over the typing. A
// save that fails is different: the shell shows it as an alert of its own (role='alert').

const LIVE = [".kit-notice", ".kit-feedback", ".kit-evidence-results"];

function shield(root) {
  if (root.dataset.kitShield) return;
  root.dataset.kitShield = "1";
  for (const part of root.querySelectorAll(LIVE.join(","))) part.setAttribute("aria-live", "polite");
  root.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.shiftKey || event.ctrlKey || event.metaKey || event.altKey)) return;
    event.stopPropagation();
    if (event.key === "Escape") leave(root);
  });
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
