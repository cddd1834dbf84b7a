// Starts the app's two workers the moment the page's HTML is read, while the app's own scripts download, compile and
// render (~0.5 s on a slow machine): the training worker compiles TensorFlow.js and the data worker downloads and
// decodes the bundled MNIST on their own threads meanwhile, so neither waits for a busy page. The app adopts them
// (src/core/bootWorkers.ts). A plain script (the page's CSP forbids inline code); the build names the workers' files
// in its data- attributes (vite.config.ts). Messages that arrive before the app takes a worker are kept for it.
(function () {
  var me = document.currentScript;
  if (!me || typeof Worker !== 'function' || typeof URL !== 'function') return;
  var params = new URLSearchParams(location.search);
  if (params.get('worker') === 'off') return;
  var boot = (window.__tensorscopeBoot = {});
  function start(name, attr) {
    var src = me.getAttribute(attr);
    if (!src) return undefined;
    try {
      var worker = new Worker(new URL(src, document.baseURI).href, { type: 'module', name: name });
      var early = [];
      worker.onmessage = function (e) {
        early.push({ data: e.data });
      };
      worker.onerror = function (e) {
        e.preventDefault();
        early.push({ error: e.message || 'the worker failed to load' });
      };
      return { worker: worker, early: early };
    } catch (e) {
      return undefined; // the app starts its own
    }
  }
  boot.training = start('tensorscope-training', 'data-training-worker');
  // A page opened from a link (#...) may not need MNIST at all.
  if (location.hash.length > 1) return;
  boot.data = start('tensorscope-data', 'data-data-worker');
  if (boot.data) boot.data.worker.postMessage({ type: 'prefetch', baseUrl: document.baseURI, fetchDeadline: params.get('fetchDeadline') });
})();
