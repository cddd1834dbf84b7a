// Starts the bundled MNIST download while the app's scripts load and compile (~0.4 s on a slow machine), so the
// dataset is usually here before the data worker is. A plain script (no module, no inline code: the page's CSP
// forbids inline scripts) that only fetches; src/data/bundledPrefetch.ts takes the response. Pages opened from a
// link (#...) may not need MNIST at all, so they do not prefetch.
(function () {
  if (location.hash.length > 1 || typeof fetch !== 'function') return;
  var url = new URL('data/mnist-10k.tsds.gz', document.baseURI).href;
  var response = fetch(url, { credentials: 'same-origin' });
  response.catch(function () {});
  window.__tensorscopePrefetch = { url: url, response: response };
})();
