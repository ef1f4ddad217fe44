// Keys that stay JupyterLab's inside an exercise: Shift, Ctrl or Alt with Enter (run the cell)
// and Ctrl+S (save the notebook; read from the key's position too, for any keyboard layout).
// Sent in front of choice.js, keyshield.js and span_tagger.js (see widgets/_esm.py).
const forLab = (event) =>
  (event.key === "Enter" && (event.shiftKey || event.ctrlKey || event.metaKey || event.altKey)) ||
  ((event.ctrlKey || event.metaKey) && (event.code === "KeyS" || event.key.toLowerCase() === "s"));
