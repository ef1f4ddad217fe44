// Keeps keys typed in an exercise's native controls (select boxes, radio inputs, buttons) away
// from JupyterLab's command-mode shortcuts, which would otherwise move between cells on the
// arrow keys or turn a cell into a heading on "1". Escape and Shift+Enter still reach
// JupyterLab, so a learner can always leave the exercise or run the cell.
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
    if (event.key === "Escape" || (event.key === "Enter" && event.shiftKey)) return;
    event.stopPropagation();
  });
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
