() => {
  // Timers installed in the page by benchmarks/tagger.py; times are performance.now() deltas.
  window.__trips = []; window.__pings = [];
  const status = document.querySelector('.kit-tagger-status');
  const acked = () => status.dataset.ack === status.dataset.seq;
  new MutationObserver(() => { if (window.__t0 && acked()) { window.__trips.push(performance.now() - window.__t0); window.__t0 = 0; } })
    .observe(status, { attributes: true, attributeFilter: ['data-ack'] });
  document.addEventListener('keydown', (e) => { if (e.key === 'Enter') window.__t0 = performance.now(); }, true);
  const label = [...document.querySelectorAll('.widget-label')].pop();
  new MutationObserver(() => { if (window.__p0) { window.__pings.push(performance.now() - window.__p0); window.__p0 = 0; } })
    .observe(label, { childList: true, characterData: true, subtree: true });
  document.addEventListener('mousedown', () => { window.__p0 = performance.now(); }, true);
}
