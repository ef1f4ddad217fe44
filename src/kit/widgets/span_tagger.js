// Span tagger: select a stretch of text (mouse or keyboard), give it a label, edit it later.
//
// The text helpers it uses (word steps, snapping, offset conversion) are in span_text.js, and
// forLab (the keys that stay JupyterLab's) in keys.js: the Python side puts both in front.

const HISTORY = 50;  // undo steps kept

function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "kit-tagger";
  const palette = document.createElement("div");
  palette.className = "kit-tagger-palette";
  palette.setAttribute("role", "toolbar");
  const textBox = document.createElement("div");
  textBox.className = "kit-tagger-text";
  textBox.tabIndex = 0;
  textBox.setAttribute("role", "textbox");
  textBox.setAttribute("aria-readonly", "true");
  textBox.setAttribute("aria-label", "Article text: select words, then press Enter or a label to tag them");
  const tools = document.createElement("div");
  tools.className = "kit-tagger-tools";
  const list = document.createElement("ol");
  list.className = "kit-tagger-list";
  list.tabIndex = 0;
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Tagged spans");
  const listId = `kit-spans-${Math.random().toString(36).slice(2, 10)}`;  // for aria-activedescendant
  const status = document.createElement("div");
  status.className = "kit-tagger-status";
  status.setAttribute("role", "status");
  root.append(palette, textBox, tools, list, status);
  el.append(root);

  const state = { caret: 0, anchor: null, pending: null, selected: -1, current: 0, group: null, undo: [], redo: [] };
  let text = model.get("text");
  let conv = codePointIndex(text);
  const sentencesOf = () => model.get("sentences").map(conv.toUnits);  // for ↑ ↓, from kit.text
  let starts = sentencesOf();

  const labels = () => model.get("labels");
  const groups = () => model.get("groups");
  if (groups().length) state.current = -1;  // with groups, a group comes first: Enter tags nothing yet
  // With groups, the learner picks a group first, then a label within it (keys 1-9 each time).
  const choices = () => (groups().length && state.group === null ? [] : groups().length
    ? groups()[state.group].labels.map((id) => labels().findIndex((l) => l.id === id)) : labels().map((_, i) => i));
  const readonly = () => model.get("readonly");
  const labelName = (id) => (labels().find((l) => l.id === id) || { name: id }).name;
  const labelIndex = (id) => Math.max(0, labels().findIndex((l) => l.id === id));
  const spans = () => model.get("spans").map((s) => ({ ...s, start: conv.toUnits(s.start), end: conv.toUnits(s.end) }));

  function commit(next, selected) {
    state.undo.push(model.get("spans"));
    if (state.undo.length > HISTORY) state.undo.shift();
    state.redo = [];
    send(next);
    state.selected = selected ?? state.selected;
  }
  function send(unitSpans) {
    const out = unitSpans.map((s) => ({
      start: conv.toPoints(s.start), end: conv.toPoints(s.end), label: s.label,
      quote: text.slice(s.start, s.end),
    }));
    model.set("spans", out);  // always a new array: in-place changes are not seen
    model.set("seq", model.get("seq") + 1);
    model.save_changes();
  }
  function history(from, to) {
    if (!from.length) return;
    const picked = spans()[state.selected];
    to.push(model.get("spans"));
    model.set("spans", from.pop());
    model.set("seq", model.get("seq") + 1);
    model.save_changes();
    // The same stretch stays picked (an undone relabel), or none: an index alone would pick a
    // neighbour once the list has changed (an undone tag), and Delete would remove it.
    state.selected = picked ? spans().findIndex((s) => s.start === picked.start && s.end === picked.end) : -1;
  }

  function tag(start, end, label) {
    if (readonly() || end <= start) return;
    const all = spans();
    if (all.some((s) => s.start === start && s.end === end && s.label === label)) return;
    all.push({ start, end, label });
    all.sort((a, b) => a.start - b.start || b.end - a.end);
    commit(all, all.findIndex((s) => s.start === start && s.end === end && s.label === label));
    state.pending = null;
    state.anchor = null;
    if (groups().length) backToGroups();  // next span: group first again
  }
  // With groups, a technique is chosen inside a group: leaving the group must forget the
  // technique too, or Enter would still tag the old group's technique (its name hidden).
  function backToGroups() { state.group = null; state.current = -1; }
  function relabel(index, label) {
    const all = spans();
    if (readonly() || !all[index]) return;
    all[index] = { ...all[index], label };
    commit(all, index);
  }
  function remove(index) {
    const all = spans();
    if (readonly() || !all[index]) return;
    all.splice(index, 1);
    commit(all, Math.min(index, all.length - 1));
  }
  function resize(index, edge, direction) {
    const all = spans();
    const s = all[index];
    if (readonly() || !s) return;
    if (edge === "end") s.end = direction > 0 ? endOfNextWord(text, s.end) : wordStart(text, Math.max(s.start + 1, s.end - 1));
    else s.start = direction < 0 ? prevWord(text, s.start) : Math.min(nextWord(text, s.start), s.end - 1);
    [s.start, s.end] = [Math.max(0, s.start), Math.min(text.length, s.end)];
    while (s.end > s.start && /\s/.test(text[s.end - 1])) s.end--;
    if (s.end <= s.start) return;
    commit(all, index);
  }

  // Drawing ---------------------------------------------------------------------------------
  function paletteButton(text, pressed, cls, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = cls;
    b.setAttribute("aria-pressed", String(pressed));
    b.textContent = text;
    b.addEventListener("click", () => { onClick(); redraw(b, palette); });
    palette.append(b);
  }
  // draw() rebuilds every button: give keyboard focus back to the one pressed (or its
  // nearest twin), or a keyboard user is dropped on the page after each click.
  function redraw(pressed, where) {
    const [name, kind] = [pressed.textContent, pressed.className.split(" ")[0]];
    draw();
    const buttons = [...where.querySelectorAll("button")];
    (buttons.find((b) => b.textContent === name) || buttons.find((b) => b.classList.contains(kind)) || buttons[0] || textBox).focus();
  }
  function chooseLabel(i) {
    state.current = i;
    if (state.pending) tag(state.pending[0], state.pending[1], labels()[i].id);
    else if (state.selected >= 0) relabel(state.selected, labels()[i].id);
  }
  function drawPalette() {
    palette.replaceChildren();
    const hint = document.createElement("span");
    hint.className = "kit-tagger-hint";
    const picking = groups().length && state.group === null;
    hint.textContent = readonly() ? "Model answer (read only)" : picking ? "Group first (keys 1-" + groups().length + "):"
      : "Label (keys 1-" + choices().length + "):";
    palette.append(hint);
    if (readonly()) return;
    if (picking) {
      groups().forEach((g, k) => paletteButton(`${k + 1} ${g.name}`, false, "kit-group-button", () => { state.group = k; state.current = -1; }));
    } else {
      if (groups().length) paletteButton(`◀ ${groups()[state.group].name} (Esc)`, true, "kit-group-back", backToGroups);
      choices().forEach((i, k) => paletteButton(`${k + 1} ${labels()[i].name}`, i === state.current, `kit-label-button kit-label-${i % 8}`, () => chooseLabel(i)));
    }
    const toggle = document.createElement("label");
    toggle.className = "kit-tagger-hints-toggle";
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = model.get("show_hints");
    box.addEventListener("change", () => {
      model.set("show_hints", box.checked);  // redraws the palette, this box included
      model.save_changes();
      palette.querySelector(".kit-tagger-hints-toggle input")?.focus();
    });
    toggle.append(box, document.createTextNode(" show language hints"));
    if (model.get("hints").length) palette.append(toggle);
  }

  function drawText() {
    const all = spans();
    const hints = model.get("show_hints")
      ? model.get("hints").map((h) => ({ ...h, start: conv.toUnits(h.start), end: conv.toUnits(h.end) })) : [];
    const cuts = new Set([0, text.length, state.caret]);
    for (const s of [...all, ...hints]) { cuts.add(s.start); cuts.add(s.end); }
    if (state.pending) { cuts.add(state.pending[0]); cuts.add(state.pending[1]); }
    const points = [...cuts].sort((a, b) => a - b);
    const parts = [];
    for (let k = 0; k + 1 < points.length; k++) {
      const [a, b] = [points[k], points[k + 1]];
      const seg = document.createElement("span");
      seg.dataset.start = a;
      seg.textContent = text.slice(a, b);  // textContent: the text is never parsed as HTML
      const covering = all.map((s, i) => [s, i]).filter(([s]) => s.start <= a && b <= s.end);
      if (covering.length) {
        seg.classList.add("kit-span", `kit-label-${labelIndex(covering[0][0].label) % 8}`);
        seg.dataset.depth = Math.min(covering.length, 3);
        seg.title = covering.map(([s]) => labelName(s.label)).join(" + ");
        if (covering.some(([, i]) => i === state.selected)) seg.classList.add("kit-span-selected");
      }
      const hinted = hints.filter((h) => h.start <= a && b <= h.end);
      if (hinted.length) {
        seg.classList.add("kit-hint");
        seg.title = [seg.title, ...hinted.map((h) => `hint: ${h.kind}`)].filter(Boolean).join(" + ");
      }
      if (state.pending && state.pending[0] <= a && b <= state.pending[1]) seg.classList.add("kit-pending");
      for (const [s] of covering.filter(([s]) => s.start === a)) parts.push(badge(labelName(s.label), "kit-span-badge"));
      for (const h of hinted.filter((h) => h.start === a)) parts.push(badge(h.kind, "kit-hint-badge"));
      if (a === state.caret) parts.push(caretMark());  // CSS shows it only while focused
      parts.push(seg);
    }
    if (state.caret === text.length) parts.push(caretMark());
    textBox.replaceChildren(...parts);
    // Keep the caret in view while the learner moves it with the keyboard.
    if (document.activeElement === textBox) textBox.querySelector(".kit-caret")?.scrollIntoView({ block: "nearest" });
  }
  // A label's (or a hint's) name in the text itself, never counted as part of the text, so
  // neither the label's colour nor a mouse hover is the only way to tell what is there.
  function badge(name, cls) {
    const b = document.createElement("span");
    b.className = cls;
    b.textContent = name;
    b.setAttribute("contenteditable", "false");
    b.dataset.badge = "1";
    return b;
  }
  function caretMark() {
    const c = document.createElement("span");
    c.className = "kit-caret";
    c.dataset.badge = "1";
    c.setAttribute("aria-hidden", "true");
    return c;
  }

  function drawList() {
    const all = spans();
    list.replaceChildren();
    if (state.selected >= 0 && state.selected < all.length) list.setAttribute("aria-activedescendant", `${listId}-${state.selected}`);
    else list.removeAttribute("aria-activedescendant");
    all.forEach((s, i) => {
      const item = document.createElement("li");
      item.className = `kit-span-row kit-label-${labelIndex(s.label) % 8}`;
      item.setAttribute("role", "option");
      item.id = `${listId}-${i}`;
      item.setAttribute("aria-selected", String(i === state.selected));
      item.textContent = `[${labelName(s.label)}] “${text.slice(s.start, s.end)}”`;
      item.addEventListener("click", () => { state.selected = i; state.pending = null; draw(); list.focus(); });
      list.append(item);
    });
    if (!all.length) {
      const empty = document.createElement("li");
      empty.className = "kit-span-empty";
      empty.textContent = readonly() ? "No spans." : "No spans tagged yet.";
      list.append(empty);
    }
  }

  function drawTools() {
    tools.replaceChildren();
    if (readonly()) return;
    const button = (label, action, cls) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = cls;
      b.textContent = label;
      b.addEventListener("click", () => { action(); redraw(b, tools); });
      tools.append(b);
    };
    const s = state.selected;
    const has = s >= 0 && s < spans().length;
    if (state.pending && labels()[state.current]) {
      button("Tag selection (Enter)", () => tag(state.pending[0], state.pending[1], labels()[state.current].id), "kit-tag");
    }
    if (has) {
      button("◀ start", () => resize(s, "start", -1), "kit-start-left");
      button("start ▶", () => resize(s, "start", 1), "kit-start-right");
      button("◀ end", () => resize(s, "end", -1), "kit-end-left");
      button("end ▶", () => resize(s, "end", 1), "kit-end-right");
      button("Delete span", () => remove(s), "kit-delete");
    }
    button("Undo", () => history(state.undo, state.redo), "kit-undo");
    button("Redo", () => history(state.redo, state.undo), "kit-redo");
  }

  // The status line is a live region: besides the count and the save, it says in words what a
  // sighted learner sees drawn (the word at the caret, the selection, the span picked in the
  // list), so the tagger can be used with a screen reader.
  function doing() {
    const label = labels()[state.current];
    if (state.pending) {
      const next = !groups().length ? "choose a type by its number" : state.group === null ? "choose a group by its number" : "choose one of the group by its number";
      const chosen = label ? `${labelName(label.id)}: Enter tags it` : next;
      return `Selected “${text.slice(state.pending[0], state.pending[1])}” · ${chosen}`;
    }
    const all = spans();
    if (document.activeElement === list && state.selected >= 0 && state.selected < all.length) {
      const s = all[state.selected];
      return `Span ${state.selected + 1} of ${all.length}: ${labelName(s.label)}, “${text.slice(s.start, s.end)}”`;
    }
    if (document.activeElement === textBox) return `At “${text.slice(state.caret, endOfNextWord(text, state.caret)).trim()}”`;
    return "";
  }

  function drawStatus() {
    const error = model.get("error");
    const count = model.get("spans").length;
    const saved = model.get("ack") >= model.get("seq");
    const now = readonly() ? "" : doing();
    const base = `${count} span(s) · ${saved ? "✓ saved" : "saving…"}`;
    status.textContent = error ? `✖ ${error}` : now ? `${now} · ${base}` : base;
    status.dataset.ack = model.get("ack");
    status.dataset.seq = model.get("seq");
  }

  function draw() { drawPalette(); drawText(); drawTools(); drawList(); drawStatus(); }

  // Mouse -----------------------------------------------------------------------------------
  function offsetOf(node, offset) {
    const range = document.createRange();
    range.selectNodeContents(textBox);
    range.setEnd(node, offset);
    const frag = range.cloneContents();
    frag.querySelectorAll("[data-badge]").forEach((b) => b.remove());
    return frag.textContent.length;
  }
  textBox.addEventListener("mouseup", (event) => {
    if (readonly()) return;
    const sel = window.getSelection();
    if (!sel.rangeCount) return;
    const range = sel.getRangeAt(0);
    if (!textBox.contains(range.startContainer) || !textBox.contains(range.endContainer)) return;
    let start = offsetOf(range.startContainer, range.startOffset);
    let end = offsetOf(range.endContainer, range.endOffset);
    if (start === end) {
      const hit = spans().map((s, i) => [s, i]).filter(([s]) => s.start <= start && start < s.end);
      hit.sort((x, y) => (x[0].end - x[0].start) - (y[0].end - y[0].start));
      state.selected = hit.length ? hit[0][1] : -1;
      state.pending = null;
      state.caret = start;
      draw();
      return;
    }
    if (!event.altKey) [start, end] = snap(text, start, end);
    sel.removeAllRanges();
    state.pending = end > start ? [start, end] : null;
    state.caret = end;
    state.selected = -1;
    draw();
    textBox.focus();
  });

  // Keyboard --------------------------------------------------------------------------------
  function commonKeys(event) {
    const ctrl = event.ctrlKey || event.metaKey;
    if (ctrl && event.key.toLowerCase() === "z" && !event.shiftKey) { history(state.undo, state.redo); return true; }
    if (ctrl && ((event.key.toLowerCase() === "z" && event.shiftKey) || event.key.toLowerCase() === "y")) { history(state.redo, state.undo); return true; }
    return false;
  }
  // Escape first drops a half-made highlight, then the chosen group; with nothing left to drop,
  // it leaves the exercise (keyshield.js), as do Shift, Ctrl or Alt with Enter (run the cell).
  const undoable = () => state.pending !== null || state.anchor !== null || (groups().length > 0 && state.group !== null);
  const passes = (event) => event.key === "Tab" || forLab(event) || (event.key === "Escape" && !undoable());
  textBox.addEventListener("keydown", (event) => {
    if (passes(event)) return;
    event.stopPropagation();  // keep JupyterLab's command-mode shortcuts out of the widget
    if (readonly()) return;
    let handled = commonKeys(event);
    const k = event.key;
    if (!handled && /^[1-9]$/.test(k)) {
      const n = Number(k) - 1;  // picks a group, then a label; Enter then tags
      if (groups().length && state.group === null && n < groups().length) { state.group = n; state.current = -1; }
      else if (n < choices().length) state.current = choices()[n];
      handled = true;
    } else if (!handled && (k === "ArrowRight" || k === "ArrowLeft")) {
      const forward = k === "ArrowRight";
      if (event.shiftKey) {
        if (state.anchor === null) state.anchor = state.pending ? state.pending[0] : state.caret;
        state.caret = forward ? endOfNextWord(text, state.caret) : prevWord(text, state.caret);
        const [a, b] = [Math.min(state.anchor, state.caret), Math.max(state.anchor, state.caret)];
        state.pending = event.altKey ? [a, b] : snap(text, a, b);
        if (state.pending[1] <= state.pending[0]) state.pending = null;
      } else {
        state.caret = forward ? nextWord(text, state.caret) : prevWord(text, state.caret);
        state.anchor = null;
        state.pending = null;
      }
      handled = true;
    } else if (!handled && (k === "ArrowDown" || k === "ArrowUp")) {  // by sentence, as ← → by word
      const forward = k === "ArrowDown";
      if (event.shiftKey && state.anchor === null) state.anchor = state.pending ? state.pending[0] : state.caret;
      state.caret = forward ? nextSentence(starts, text, state.caret) : prevSentence(starts, state.caret);
      if (event.shiftKey) {
        const [a, b] = [Math.min(state.anchor, state.caret), Math.max(state.anchor, state.caret)];
        state.pending = event.altKey ? [a, b] : snap(text, a, b);
        if (state.pending[1] <= state.pending[0]) state.pending = null;
      } else {
        state.anchor = null;
        state.pending = null;
      }
      handled = true;
    } else if (!handled && (k === "Home" || k === "End")) {
      state.caret = k === "Home" ? 0 : text.length;
      handled = true;
    } else if (!handled && k === "Enter" && state.pending && labels()[state.current]) {
      tag(state.pending[0], state.pending[1], labels()[state.current].id);
      handled = true;
    } else if (!handled && k === "Escape") {
      if (groups().length) backToGroups();  // "Esc goes back to the groups", selection or not
      state.pending = null;
      state.anchor = null;
      handled = true;
    }
    if (handled) { event.preventDefault(); draw(); }
  });
  list.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && groups().length && state.group !== null) {  // back to the groups
      event.stopPropagation();
      event.preventDefault();
      backToGroups();
      draw();
      return;
    }
    if (event.key === "Tab" || event.key === "Escape" || forLab(event)) return;
    event.stopPropagation();
    if (readonly()) return;
    const all = spans();
    const k = event.key;
    const s = state.selected;
    let handled = commonKeys(event);
    if (!handled && (k === "ArrowDown" || k === "ArrowUp") && !event.shiftKey && all.length) {
      state.selected = k === "ArrowDown" ? Math.min(all.length - 1, s + 1) : Math.max(0, s - 1);
      handled = true;
    } else if (!handled && s >= 0 && /^[1-9]$/.test(k)) {
      const n = Number(k) - 1;
      if (groups().length && state.group === null && n < groups().length) state.group = n;
      else if (n < choices().length) {
        relabel(s, labels()[choices()[n]].id);
        if (groups().length) backToGroups();  // the next number picks a group again, as the instructions say
      }
      handled = true;
    } else if (!handled && s >= 0 && (k === "Delete" || k === "Backspace")) {
      remove(s);
      handled = true;
    } else if (!handled && s >= 0 && event.shiftKey && (k === "ArrowRight" || k === "ArrowLeft")) {
      const edge = event.ctrlKey || event.altKey ? "start" : "end";
      resize(s, edge, k === "ArrowRight" ? 1 : -1);
      handled = true;
    }
    if (handled) { event.preventDefault(); draw(); }
  });
  // Stop every key from reaching JupyterLab while focus is on the palette or tool buttons too.
  for (const part of [palette, tools]) part.addEventListener("keydown", (e) => { if (!passes(e)) e.stopPropagation(); });
  palette.addEventListener("keydown", (event) => {  // Esc goes back to the groups here too
    if (event.key !== "Escape" || !groups().length || state.group === null) return;
    backToGroups();
    draw();
    palette.querySelector("button")?.focus();
  });

  model.on("change:text", () => { text = model.get("text"); conv = codePointIndex(text); starts = sentencesOf(); state.caret = 0; draw(); });
  model.on("change:sentences", () => { starts = sentencesOf(); });
  for (const name of ["spans", "labels", "groups", "readonly", "hints", "show_hints"]) model.on(`change:${name}`, draw);
  model.on("change:ack", drawStatus);
  for (const part of [textBox, list]) { part.addEventListener("focus", drawStatus); part.addEventListener("blur", drawStatus); }
  model.on("change:error", drawStatus);
  // Render time, building the DOM and laying it out (reading offsetHeight forces layout),
  // kept for the benchmarks.
  const started = performance.now();
  draw();
  void root.offsetHeight;
  model.set("render_ms", performance.now() - started);
  model.save_changes();
}

export default { render };
