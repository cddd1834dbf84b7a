// Starts the app's two workers the moment the page's HTML is read, while the app's own scripts download, compile and
// render (~0.5 s on a slow machine): the training worker compiles TensorFlow.js and the data worker downloads and
// decodes the bundled MNIST on their own threads meanwhile, so neither waits for a busy page. The app adopts them
// (src/core/bootWorkers.ts). A plain script (the page's CSP forbids inline code); the build names the workers' files
// in its data- attributes (vite.config.ts). Messages that arrive before the app takes a worker are kept for it.
// What each worker should start on comes in its name (src/workers/bootHint.ts), not in a message: a message to a
// module worker that is still loading waits for this page's main thread, busy with the app's code. (Not in the URL's
// fragment: the workers' lazy chunks import the entry by its plain URL, which would make a second copy of it.)
(function () {
  var me = document.currentScript;
  if (!me || typeof Worker !== 'function' || typeof URL !== 'function') return;
  var params = new URLSearchParams(location.search);
  if (params.get('worker') === 'off') return;
  var boot = (window.__tensorscopeBoot = {});
  function start(name, attr, hint) {
    var src = me.getAttribute(attr);
    if (!src) return undefined;
    try {
      var worker = new Worker(new URL(src, document.baseURI).href, { type: 'module', name: hint ? name + '#' + JSON.stringify(hint) : name });
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
  // A page opened from a link (#...) may need neither MNIST nor the default model.
  var plain = location.hash.length <= 1;
  // The backend choices measured on earlier visits (the app's preferences), so the worker skips timing them again.
  function knownProbes() {
    try {
      var raw = localStorage.getItem('tensorscope:prefs');
      if (!raw || raw.length > 100000) return undefined;
      var prefs = JSON.parse(raw);
      return prefs && typeof prefs === 'object' ? prefs.probes : undefined;
    } catch (e) {
      return undefined; // storage blocked or malformed: the worker measures again
    }
  }
  // The data worker first: Train waits for the data, and its download and decode gain most from an early start.
  if (plain) boot.data = start('tensorscope-data', 'data-data-worker', { prefetch: { baseUrl: document.baseURI, fetchDeadline: params.get('fetchDeadline') } });
  boot.training = start('tensorscope-training', 'data-training-worker', plain ? { prepare: 'bundled', probes: knownProbes() } : null);
})();
