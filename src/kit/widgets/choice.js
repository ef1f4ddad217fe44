// A radio group, or a checkbox group when `multiple` is set (ARIA patterns), whose keys stay
// inside the widget so JupyterLab's command-mode shortcuts never act on the notebook. forLab,
// the keys that go to JupyterLab all the same, comes from keys.js, sent in front of this file.

function render({ model, el }) {
  const group = document.createElement("div");
  group.className = "kit-choice";
  let focus = 0;

  const options = () => model.get("options");
  const multiple = () => model.get("multiple");
  const chosen = () => (multiple() ? model.get("value") || [] : [model.get("value")]);

  function pick(index) {
    const option = options()[index];
    if (!option || model.get("disabled")) return;
    focus = index;
    if (multiple()) {
      const now = chosen();
      const next = now.includes(option.value) ? now.filter((v) => v !== option.value) : [...now, option.value];
      model.set("value", options().map((o) => o.value).filter((v) => next.includes(v)));
    } else {
      model.set("value", option.value);
    }
    model.save_changes();
    group.children[index]?.focus();
  }
  function draw() {
    const disabled = model.get("disabled");
    const values = chosen();
    group.replaceChildren();
    group.setAttribute("role", multiple() ? "group" : "radiogroup");
    group.setAttribute("aria-label", model.get("label") || "choice");
    group.classList.toggle("kit-choice-horizontal", model.get("horizontal"));
    group.setAttribute("aria-disabled", String(disabled));
    const first = options().findIndex((o) => values.includes(o.value));
    if (!multiple()) focus = first < 0 ? 0 : first;
    options().forEach((option, i) => {
      const on = values.includes(option.value);
      const item = document.createElement("div");
      item.className = "kit-choice-option";
      item.setAttribute("role", multiple() ? "checkbox" : "radio");
      item.setAttribute("aria-checked", String(on));
      item.tabIndex = disabled ? -1 : i === focus ? 0 : -1;
      const mark = document.createElement("span");
      mark.className = "kit-choice-mark";
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = multiple() ? (on ? "☑" : "☐") : on ? "◉" : "○";
      const text = document.createElement("span");
      text.textContent = option.label;  // textContent: labels are never parsed as HTML
      item.append(mark, text);
      item.addEventListener("click", () => pick(i));
      group.append(item);
    });
  }
  group.addEventListener("keydown", (event) => {
    if (event.key === "Tab" || event.key === "Escape" || forLab(event)) return;  // see keyshield.js
    event.stopPropagation();  // keep JupyterLab's command-mode shortcuts out of it
    const count = options().length;
    const current = Math.max(0, [...group.children].indexOf(document.activeElement));
    let move = null;
    if (event.key === "ArrowDown" || event.key === "ArrowRight") move = (current + 1) % count;
    else if (event.key === "ArrowUp" || event.key === "ArrowLeft") move = (current - 1 + count) % count;
    else if (event.key === "Home") move = 0;
    else if (event.key === "End") move = count - 1;
    if (move !== null) {
      event.preventDefault();
      if (multiple()) { focus = move; draw(); group.children[move].focus(); }
      else pick(move);
      return;
    }
    let index = null;
    if (event.key === " " || event.key === "Enter") index = current;
    else if (/^[1-9]$/.test(event.key) && Number(event.key) <= count) index = Number(event.key) - 1;
    if (index !== null) { event.preventDefault(); pick(index); }
  });
  // A change from Python (the kernel echoing a value back, say an emptied list as null) redraws
  // every option: keep keyboard focus on the option the learner was on.
  function redraw() {
    const had = group.contains(document.activeElement);
    draw();
    if (had) group.children[focus]?.focus();
  }
  for (const name of ["value", "options", "disabled", "multiple"]) model.on(`change:${name}`, redraw);
  draw();
  el.append(group);
}

export default { render };
