// A radio group (ARIA pattern) whose keys stay inside the widget.
const KEYS = new Set(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", " ", "Enter"]);

function render({ model, el }) {
  const group = document.createElement("div");
  group.className = "kit-choice";
  group.setAttribute("role", "radiogroup");

  function options() { return model.get("options"); }
  function choose(index, focus) {
    const option = options()[index];
    if (!option || model.get("disabled")) return;
    model.set("value", option.value);
    model.save_changes();
    if (focus) group.children[index]?.focus();
  }
  function draw() {
    const value = model.get("value");
    const disabled = model.get("disabled");
    group.replaceChildren();
    group.setAttribute("aria-label", model.get("label") || "choice");
    group.classList.toggle("kit-choice-horizontal", model.get("horizontal"));
    group.setAttribute("aria-disabled", String(disabled));
    const chosen = options().findIndex((o) => o.value === value);
    options().forEach((option, i) => {
      const item = document.createElement("div");
      item.className = "kit-choice-option";
      item.setAttribute("role", "radio");
      item.setAttribute("aria-checked", String(i === chosen));
      item.tabIndex = disabled ? -1 : (i === (chosen < 0 ? 0 : chosen) ? 0 : -1);
      const mark = document.createElement("span");
      mark.className = "kit-choice-mark";
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = i === chosen ? "◉" : "○";
      const text = document.createElement("span");
      text.textContent = option.label;  // textContent: labels are never parsed as HTML
      item.append(mark, text);
      item.addEventListener("click", () => choose(i, true));
      group.append(item);
    });
  }
  group.addEventListener("keydown", (event) => {
    const count = options().length;
    const current = [...group.children].indexOf(document.activeElement);
    let next = null;
    if (event.key === "ArrowDown" || event.key === "ArrowRight") next = (current + 1) % count;
    else if (event.key === "ArrowUp" || event.key === "ArrowLeft") next = (current - 1 + count) % count;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = count - 1;
    else if (event.key === " " || event.key === "Enter") next = current;
    else if (/^[1-9]$/.test(event.key) && Number(event.key) <= count) next = Number(event.key) - 1;
    if (next === null) return;
    event.preventDefault();
    event.stopPropagation();  // keep JupyterLab's command-mode shortcuts out of it
    choose(next, true);
  });
  model.on("change:value", draw);
  model.on("change:options", draw);
  model.on("change:disabled", draw);
  draw();
  el.append(group);
}

export default { render };
