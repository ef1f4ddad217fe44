// Text helpers for the span tagger: moving by words and sentences, snapping a selection to whole
// words, and converting offsets. Loaded in front of span_tagger.js as one module (see
// span_tagger.py).
//
// Offsets: the DOM counts UTF-16 units, Python counts code points. The tagger works in UTF-16
// throughout; `toPoints` and `toUnits` (below) are the one place that converts, on the way to and
// from the model. Every span sent to Python carries its quote, which Python checks.

const WORD = /[\p{L}\p{N}\p{M}'’_-]/u;

function codePointIndex(text) {
  // units[i] = code-point index of UTF-16 position i (length text.length + 1)
  const units = new Int32Array(text.length + 1);
  let points = 0;
  for (let i = 0; i < text.length; i++) {
    units[i] = points;
    const c = text.charCodeAt(i);
    if (!(c >= 0xd800 && c <= 0xdbff && i + 1 < text.length)) points++;
    else { units[i + 1] = points; i++; points++; }
  }
  units[text.length] = points;
  const back = new Int32Array(points + 1);
  for (let i = text.length; i >= 0; i--) back[units[i]] = i;
  return { toPoints: (u) => units[u], toUnits: (p) => back[p] };
}

function isWord(text, i) { return i >= 0 && i < text.length && WORD.test(text[i]); }

function wordStart(text, i) { while (i > 0 && isWord(text, i - 1) && isWord(text, i)) i--; return i; }
function wordEnd(text, i) { while (i < text.length && isWord(text, i - 1) && isWord(text, i)) i++; return i; }

function nextWord(text, i) {
  while (i < text.length && isWord(text, i)) i++;
  while (i < text.length && !isWord(text, i)) i++;
  return i;
}
function prevWord(text, i) {
  while (i > 0 && !isWord(text, i - 1)) i--;
  while (i > 0 && isWord(text, i - 1)) i--;
  return i;
}
function endOfNextWord(text, i) {
  while (i < text.length && !isWord(text, i)) i++;
  while (i < text.length && isWord(text, i)) i++;
  return i;
}

function snap(text, start, end) {
  start = wordStart(text, start);
  end = wordEnd(text, end);
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return [start, end];
}

// Sentences, for moving by keyboard (a claim is often a whole sentence: ↓ and Shift + ↓ reach it
// in two keys instead of twenty). `starts` are the sentence starts Python sends (kit.text's
// split, the sentences triage numbers), in UTF-16 units.
function nextSentence(starts, text, i) { return starts.find((s) => s > i) ?? text.length; }
function prevSentence(starts, i) {
  for (let n = starts.length - 1; n >= 0; n--) if (starts[n] < i) return starts[n];
  return 0;
}
