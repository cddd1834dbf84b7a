/**
 * The training half of the Keras script (Python text, independent of the spec): the command line, the strategies,
 * a custom training loop for multi-worker and multi-replica runs, checkpoints, the local cluster launcher and the
 * SavedModel export. kerasScript.ts puts it after the model and data code.
 *
 * Why a custom loop: Keras 3's model.fit under MultiWorkerMirroredStrategy crashes on TensorFlow 2.16–2.21
 * ("Attempt to convert a value (PerReplica:{…}) … to a Tensor", keras-team/keras#20585,
 * tensorflow/tensorflow#72388). The loop below is TensorFlow's documented recipe (experimental_distribute_dataset,
 * strategy.run, the loss averaged over the global batch, sums reduced across replicas); model.fit stays for one
 * replica, where it is safe.
 */

/** Where the examples come from: the bundled MNIST (download on request), a fitted table, or an .npz. */
export type ScriptDataMode = 'mnist' | 'table' | 'npz';

function dataArgs(mode: ScriptDataMode): string[] {
  const npz = 'parser.add_argument("--data", metavar="PATH", default=None, help="the data: an .npz (default: data.npz beside this script)")';
  if (mode === 'mnist') {
    return [
      npz,
      'parser.add_argument("--download-mnist", action="store_true",',
      '                    help="download the full MNIST with tf.keras.datasets.mnist (60,000 + 10,000 digits) instead of data.npz")',
    ];
  }
  if (mode === 'npz') return [npz];
  return [
    'parser.add_argument("--data", metavar="PATH", default=None,',
    '                    help="your raw table (CSV or JSON records, see the header), or an .npz (default: data.npz beside this script)")',
    'parser.add_argument("--test", metavar="PATH", default=None, help="a separate test file (the browser then tests on all its kept rows)")',
    'parser.add_argument("--features-out", metavar="PATH", default=None,',
    '                    help="write the encoded features, targets, split and normalization to this .npz and exit (no TensorFlow needed)")',
  ];
}

function loadExamples(mode: ScriptDataMode): string[] {
  const head = [
    'def load_examples(args):',
    '    """All examples, their targets, the (train, validation, test) indices and the normalization (None: computed',
    '    from the train examples). data.npz beside this script is the default."""',
    '    path = args.data or beside_script("data.npz")',
  ];
  if (mode === 'mnist') {
    return [
      ...head,
      '    if args.download_mnist and not args.data:',
      '        return with_split(*load_mnist())',
      '    if not os.path.exists(path):',
      '        raise SystemExit(f"{path} not found: pass --data PATH, or --download-mnist to fetch the full MNIST from the internet")',
      '    return load_presplit(path) if is_presplit(path) else with_split(*load_data(path))',
    ];
  }
  if (mode === 'table') {
    return [
      ...head,
      '    if path.lower().endswith(".npz"):',
      '        if not os.path.exists(path):',
      '            raise SystemExit(f"{path} not found: pass --data with your raw table (CSV or JSON records)")',
      '        return load_presplit(path) if is_presplit(path) else with_split(*load_data(path))',
      '    return with_split(*load_table(path, args.test))',
    ];
  }
  return [
    ...head,
    '    if not os.path.exists(path):',
    '        raise SystemExit(f"{path} not found: pass --data PATH (an .npz, see the header)")',
    '    return load_presplit(path) if is_presplit(path) else with_split(*load_data(path))',
  ];
}

/** The script's command line (args: parse_args, which needs no TensorFlow) and its training code (rest). */
export function pythonMain(mode: ScriptDataMode): { args: string[]; rest: string[] } {
  const args = String.raw`# ---------------------------------------------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------------------------------------------
def parse_args(argv=None):
    # A fixed description: argparse would %-format one that contained "%(prog)".
    parser = argparse.ArgumentParser(description="Trains a Tensorscope experiment with tf.distribute (see the header of this file).")
    parser.add_argument("--epochs", type=int, default=EPOCHS, help="number of epochs (default %(default)s; 0 with --weights: no training)")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE,
                        help="batch size per replica; the global batch is this x the number of replicas (default %(default)s)")
    parser.add_argument("--strategy", choices=["mirrored", "multiworker", "default"], default="mirrored",
                        help="mirrored: every local GPU; multiworker: several machines (TF_CONFIG); default: one device")
    parser.add_argument("--local-workers", type=int, default=0, metavar="N",
                        help="start N multiworker processes on this machine with a generated TF_CONFIG (a local cluster)")
    parser.add_argument("--cpu-replicas", type=int, default=0, metavar="N",
                        help="with --strategy mirrored and no GPU: split the CPU into N devices (tries multi-replica training anywhere)")
    parser.add_argument("--loop", choices=["auto", "fit", "custom"], default="auto",
                        help="auto: model.fit on one replica, the custom distributed loop for multiworker or several replicas")
    parser.add_argument("--checkpoint-dir", metavar="DIR", default="tensorscope-checkpoints",
                        help="custom loop: a checkpoint after every epoch; a restarted run resumes from it (default %(default)s)")
    ${dataArgs(mode).join('\n    ')}
    parser.add_argument("--weights", metavar="PATH", default=None,
                        help="start from the browser's trained weights (weights.npz of the Run in Python package)")
    parser.add_argument("--save", metavar="PATH", default=None, help="save the trained model here (.keras or .h5)")
    parser.add_argument("--export-savedmodel", metavar="DIR", default=None,
                        help="write a SavedModel for TensorFlow Serving: serving_default takes raw inputs (pixels 0..255)")
    args = parser.parse_args(argv)
    if args.epochs < 0 or args.batch_size < 1 or args.local_workers < 0:
        parser.error("--epochs must be at least 0, --batch-size at least 1, --local-workers at least 0")
    if args.epochs == 0 and not args.weights:
        parser.error("--epochs 0 trains nothing: it needs --weights")
    return args


def beside_script(name):
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), name)


`.split('\n');

  const rest = String.raw`def is_presplit(path):
    with np.load(path, allow_pickle=False) as f:
        return {"x_train", "y_train", "x_val", "y_val", "x_test", "y_test"} <= set(f.files)


def load_presplit(path):
    """The Run in Python package's data.npz: the browser's train, validation and test examples, already split (and,
    for a table, already encoded), with the browser's normalization (norm_shift, norm_scale)."""
    with np.load(path, allow_pickle=False) as f:
        parts = [(as_inputs(f[f"x_{p}"]), as_targets(f[f"y_{p}"])) for p in ("train", "val", "test")]
        norm = (f["norm_shift"].astype(np.float32), f["norm_scale"].astype(np.float32)) if "norm_shift" in f.files else None
    for (xp, yp), name in zip(parts, ("train", "val", "test")):
        if len(xp) != len(yp):
            raise SystemExit(f"{path}: x_{name} and y_{name} hold different numbers of examples")
    x = np.concatenate([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    a, b = len(parts[0][0]), len(parts[0][0]) + len(parts[1][0])
    split = (np.arange(0, a), np.arange(a, b), np.arange(b, len(x)))
    return x, y, split, norm


def with_split(x, y, test_from):
    return x, y, split_indices(len(x), test_from), None


`.split('\n')
    .concat(loadExamples(mode), ['', ''])
    .concat(
      String.raw`class BrowserEarlyStopping(tf.keras.callbacks.EarlyStopping):
    """Keras's EarlyStopping (stop when the monitored value has not improved by more than min_delta for patience
    epochs; restore_best_weights puts back the best epoch's weights), restoring only when training stops early,
    as the browser does and Keras 2 did: Keras 3 would also restore them after a run that trained every epoch."""

    def on_train_end(self, logs=None):
        if not self.stopped_epoch:
            self.best_weights = None
        super().on_train_end(logs)


def make_strategy(name, cpu_replicas=0):
    if name == "multiworker":
        return tf.distribute.MultiWorkerMirroredStrategy()
    if name == "mirrored" and cpu_replicas > 1:
        cpu = tf.config.list_physical_devices("CPU")[0]
        tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * cpu_replicas)
        return tf.distribute.MirroredStrategy([f"/cpu:{i}" for i in range(cpu_replicas)])
    if name == "mirrored":
        return tf.distribute.MirroredStrategy()
    return tf.distribute.get_strategy()


def is_chief(strategy):
    resolver = getattr(strategy, "cluster_resolver", None)
    if resolver is None or resolver.task_type in (None, "chief"):
        return True
    has_chief = "chief" in resolver.cluster_spec().as_dict()
    return resolver.task_type == "worker" and resolver.task_id == 0 and not has_chief


def chief_or_scratch(path, strategy):
    """Where this worker writes: the chief writes to path; every other worker must write too (saving is a collective
    operation), but to a scratch directory it deletes afterwards."""
    if is_chief(strategy):
        return path, None
    scratch = tempfile.mkdtemp()
    return os.path.join(scratch, os.path.basename(os.path.normpath(path))), scratch


def save_model(model, path, strategy):
    if not path.endswith((".keras", ".h5")):
        path += ".keras"
    target, scratch = chief_or_scratch(path, strategy)
    try:
        model.save(target)
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    if scratch is None:
        print(f"Saved the model to {path}")


def load_browser_weights(model, path):
    """weights.npz of the Run in Python package: every TensorFlow.js weight under its name (layer/kernel, ...), in
    the model's order. The layer names are the browser's, so each Keras layer takes its own arrays."""
    by_layer = {}
    with np.load(path, allow_pickle=False) as f:
        for key in f.files:
            by_layer.setdefault(key.rsplit("/", 1)[0], []).append(f[key])
    for layer in model.layers:
        if not layer.weights:
            continue
        if layer.name not in by_layer:
            raise SystemExit(f"{path} has no weights for layer {layer.name!r}")
        layer.set_weights(by_layer.pop(layer.name))
    if by_layer:
        raise SystemExit(f"{path} has weights for layers this model lacks: {sorted(by_layer)}")
    print(f"Loaded the browser's weights from {path}")


def export_savedmodel(model, path, shift, scale, strategy):
    """A SavedModel whose serving_default takes raw inputs (pixels 0..255, or the encoded table features), normalizes
    them as the browser does and returns the model's outputs (class probabilities, or the regression value)."""
    shift_t = tf.constant(np.asarray(shift, np.float32))
    scale_t = tf.constant(np.asarray(scale, np.float32))

    class Serving(tf.Module):
        def __init__(self):
            super().__init__()
            self.model = model

        @tf.function(input_signature=[tf.TensorSpec((None,) + INPUT_SHAPE, tf.float32, name="inputs")])
        def serve(self, inputs):
            out = self.model((inputs - shift_t) * scale_t, training=False)
            return {"probabilities" if TASK == "classification" else "prediction": out}

    module = Serving()
    target, scratch = chief_or_scratch(path, strategy)
    try:
        tf.saved_model.save(module, target, signatures={"serving_default": module.serve})
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    if scratch is None:
        print(f"Exported a SavedModel to {path} (signature serving_default: inputs {(None,) + INPUT_SHAPE} float32, raw)")


# ---------------------------------------------------------------------------------------------------------------
# The custom distributed loop (multiworker, or several replicas)
# ---------------------------------------------------------------------------------------------------------------
class DistributedLoop:
    """One replica function per step, run on every replica with strategy.run; the loss of each replica is averaged
    over the GLOBAL batch (tf.nn.compute_average_loss), so summing the replicas' gradients gives the mean gradient;
    sums (loss, metric, examples, per-class counts) are reduced across replicas and workers with SUM."""

    def __init__(self, strategy, model, optimizer, loss, global_batch, loss_weight=1.0):
        self.strategy, self.model, self.optimizer, self.loss = strategy, model, optimizer, loss
        self.loss_weight = loss_weight  # compile's loss_weights (set_target_scale)
        self.global_batch = global_batch
        self.classes = max(NUM_CLASSES, 1)

    def _sums(self, yb, out):
        """Per-batch sums: the metric (correct answers, or absolute errors), examples, per-class correct and total."""
        n = tf.cast(tf.shape(yb)[0], tf.float32)
        if TASK == "classification":
            predicted = tf.cast(tf.argmax(out, axis=-1), tf.int32)
            labels = tf.cast(yb, tf.int32)
            hit = tf.cast(tf.equal(predicted, labels), tf.float32)
            per_class_hit = tf.math.unsorted_segment_sum(hit, labels, self.classes)
            per_class = tf.math.unsorted_segment_sum(tf.ones_like(hit), labels, self.classes)
            return tf.reduce_sum(hit), n, per_class_hit, per_class
        err = tf.reduce_sum(tf.abs(tf.reshape(out, [-1]) - tf.cast(yb, tf.float32)))
        zeros = tf.zeros([self.classes])
        return err, n, zeros, zeros

    def _targets(self, yb):
        return yb if TASK == "classification" else tf.reshape(tf.cast(yb, tf.float32), [-1, 1])

    def _train_step(self, xb, yb):
        with tf.GradientTape() as tape:
            out = self.model(xb, training=True)
            per_example = self.loss.call(self._targets(yb), out) * self.loss_weight
            loss = tf.nn.compute_average_loss(per_example, global_batch_size=self.global_batch)
            if self.model.losses:
                loss += tf.nn.scale_regularization_loss(tf.add_n(self.model.losses))
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        return (tf.reduce_sum(per_example),) + self._sums(yb, out)

    def _eval_step(self, xb, yb):
        out = self.model(xb, training=False)
        return (tf.reduce_sum(self.loss.call(self._targets(yb), out) * self.loss_weight),) + self._sums(yb, out)

    def _distributed(self, step):
        """step on every replica, its sums reduced; traced once (reduce_retracing: the last batch may be smaller)."""
        strategy = self.strategy

        @tf.function(reduce_retracing=True)
        def one(xb, yb):
            parts = strategy.run(step, args=(xb, yb))
            return [strategy.reduce(tf.distribute.ReduceOp.SUM, p, axis=None) for p in parts]

        return one

    def _run(self, one, dist_ds):
        total = None
        for xb, yb in dist_ds:
            got = [v.numpy() for v in one(xb, yb)]
            total = got if total is None else [a + b for a, b in zip(total, got)]
        return total

    def epoch(self, dist_ds):
        if not hasattr(self, "_train_fn"):
            self._train_fn = self._distributed(self._train_step)
        return self._run(self._train_fn, dist_ds)

    def evaluate(self, dist_ds):
        if not hasattr(self, "_eval_fn"):
            self._eval_fn = self._distributed(self._eval_step)
        return self._run(self._eval_fn, dist_ds)


def say(chief, text):
    """Progress and results from the chief only: every worker computes the same reduced numbers."""
    if chief:
        print(text, flush=True)


def summarize(sums):
    """{"loss": mean loss, METRIC_NAME: accuracy or mean absolute error} from reduced sums."""
    loss, metric, n = sums[0], sums[1], max(sums[2], 1.0)
    return {"loss": float(loss / n), METRIC_NAME: float(metric / n)}


def train_custom(strategy, model, optimizer, loss, train_ds, val_ds, args, global_batch, loss_weight=1.0):
    """The custom loop with TensorFlow's fault tolerance: a checkpoint after every epoch (the chief's in
    --checkpoint-dir, the other workers' in scratch directories), restored when a restarted run finds one; the chief
    deletes it when the run ends well. Early stopping as BrowserEarlyStopping."""
    loop = DistributedLoop(strategy, model, optimizer, loss, global_batch, loss_weight)
    train_dist = strategy.experimental_distribute_dataset(train_ds)
    val_dist = strategy.experimental_distribute_dataset(val_ds) if val_ds is not None else None
    epoch_var = tf.Variable(0, dtype=tf.int64, trainable=False, name="epochs_done")
    checkpoint = tf.train.Checkpoint(model=model, optimizer=optimizer, epochs_done=epoch_var)
    chief = is_chief(strategy)
    # The other workers' copies go to scratch directories outside --checkpoint-dir, which the chief deletes at the end.
    where = args.checkpoint_dir if chief else tempfile.mkdtemp(prefix="tensorscope-worker-checkpoint-")
    manager = tf.train.CheckpointManager(checkpoint, directory=where, max_to_keep=1)
    latest = tf.train.latest_checkpoint(args.checkpoint_dir)
    if latest:
        checkpoint.restore(latest)
        say(chief, f"Resumed from {latest}: {int(epoch_var.numpy())} epoch(s) already done")
    use_es = EARLY_STOPPING and val_dist is not None
    if EARLY_STOPPING and val_dist is None:
        print("Early stopping needs a validation split (VALIDATION_FRACTION > 0); training every epoch.")
    better = (lambda a, b: a > b + 1e-7) if EARLY_STOPPING_MODE == "max" else (lambda a, b: a < b - 1e-7)
    best, best_weights, waited = None, None, 0
    monitor = EARLY_STOPPING_MONITOR[len("val_"):]
    for epoch in range(int(epoch_var.numpy()), args.epochs):
        started = time.time()
        logs = summarize(loop.epoch(train_dist))
        if val_dist is not None:
            logs.update({f"val_{k}": v for k, v in summarize(loop.evaluate(val_dist)).items()})
        epoch_var.assign(epoch + 1)
        manager.save()  # every worker saves (a collective operation); only the chief's copy is kept
        if not chief:
            shutil.rmtree(where, ignore_errors=True)
        text = " - ".join(f"{k}: {v:.4f}" for k, v in logs.items())
        say(chief, f"Epoch {epoch + 1}/{args.epochs} - {time.time() - started:.1f}s - {text} (checkpoint saved)")
        if use_es:
            value = logs[f"val_{monitor}"]
            if best is None or better(value, best):
                best, waited = value, 0
                best_weights = model.get_weights() if EARLY_STOPPING_RESTORE_BEST else None
            else:
                waited += 1
                if waited >= EARLY_STOPPING_PATIENCE:
                    say(chief, f"Epoch {epoch + 1}: early stopping")
                    if best_weights is not None:
                        model.set_weights(best_weights)
                        say(chief, "Restored the weights of the best epoch")
                    break
    if chief:
        shutil.rmtree(args.checkpoint_dir, ignore_errors=True)
    return loop


def per_class_report(correct, total):
    for k, name in enumerate(CLASS_NAMES):
        if k < len(total) and total[k] > 0:
            print(f"  {name}: {correct[k] / total[k]:.4f} accuracy on {int(total[k])} test examples")


# ---------------------------------------------------------------------------------------------------------------
# A local cluster: --local-workers N
# ---------------------------------------------------------------------------------------------------------------
def free_ports(n):
    socks = []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("localhost", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def strip_option(argv, name, takes_value=True):
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
        elif a == name:
            skip = takes_value
        elif not a.startswith(name + "="):
            out.append(a)
    return out


def launch_local_workers(n, argv):
    """Starts n copies of this script as one MultiWorkerMirroredStrategy cluster on localhost (worker 0 the chief),
    each with its TF_CONFIG, prints their output prefixed [worker i], and returns the first failing exit status."""
    argv = strip_option(strip_option(argv, "--local-workers"), "--strategy")
    ports = free_ports(n)
    cluster = {"worker": [f"localhost:{p}" for p in ports]}
    procs = []
    for i in range(n):
        # Unbuffered: each worker's lines arrive as they are printed, not in bursts.
        env = dict(os.environ, PYTHONUNBUFFERED="1", TF_CONFIG=json.dumps({"cluster": cluster, "task": {"type": "worker", "index": i}}))
        procs.append(subprocess.Popen([sys.executable, os.path.abspath(__file__), *argv, "--strategy", "multiworker"],
                                      env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1))
        print(f"[launcher] worker {i} (pid {procs[-1].pid}): TF_CONFIG={env['TF_CONFIG']}", flush=True)

    def pump(i, p):
        for line in p.stdout:
            sys.stdout.write(f"[worker {i}] {line}")
            sys.stdout.flush()

    threads = [threading.Thread(target=pump, args=(i, p), daemon=True) for i, p in enumerate(procs)]
    for t in threads:
        t.start()
    status = 0
    try:
        while any(p.poll() is None for p in procs):
            failed = [p.returncode for p in procs if p.returncode not in (None, 0)]
            if failed:
                # One worker died: the others would wait for it in their collectives forever.
                status = failed[0] if failed[0] > 0 else 1
                time.sleep(5)
                for p in procs:
                    if p.poll() is None:
                        p.terminate()
                break
            time.sleep(0.2)
    except KeyboardInterrupt:
        for p in procs:
            p.terminate()
        status = 130
    for p in procs:
        p.wait()
    for t in threads:
        t.join(timeout=5)
    status = status or next((p.returncode for p in procs if p.returncode), 0)
    print(f"[launcher] {n} workers finished" + (f" (exit status {status})" if status else ""), flush=True)
    return status


def set_target_scale(model, loss, y_train):
    """targetScale.ts: the fixed last layer y = z * std + mean of the train targets (normalize.ts targetStats:
    population std, 1 when the targets do not vary). Returns (loss, weight): the browser's loss of (prediction,
    target) / std, as one of Keras' own losses times a weight, so a saved model loads without any class of ours:
    MSE and Huber with delta = std times 1 / std^2, MAE times 1 / std."""
    y = np.asarray(y_train, np.float64)
    y = y[np.isfinite(y)]
    mean = float(y.mean()) if len(y) else 0.0
    std = float(np.sqrt(np.mean((y - mean) ** 2))) if len(y) else 1.0
    if not std > 1e-12 * max(1.0, abs(mean)):
        std = 1.0
    model.get_layer("target_scale").set_weights([np.array([[std]], np.float32), np.array([mean], np.float32)])
    if isinstance(loss, tf.keras.losses.MeanAbsoluteError):
        return loss, 1.0 / std
    if isinstance(loss, tf.keras.losses.Huber):
        loss = tf.keras.losses.Huber(delta=std)
    return loss, 1.0 / std ** 2


def main(argv=None):
    args = parse_args(argv)
    if args.local_workers:
        sys.exit(launch_local_workers(args.local_workers, list(sys.argv[1:] if argv is None else argv)))
    # First: MultiWorkerMirroredStrategy must exist before TensorFlow runs any other op.
    strategy = make_strategy(args.strategy, args.cpu_replicas)
    tf.keras.utils.set_random_seed(SEED)
    replicas = strategy.num_replicas_in_sync
    custom = args.loop == "custom" or (args.loop == "auto" and (args.strategy == "multiworker" or replicas > 1))
    global_batch = args.batch_size * replicas
    print(f"Tensorscope experiment {SPEC_NAME!r} on {DATASET_NAME!r} (fingerprint {DATASET_FINGERPRINT})")
    print(f"Strategy {args.strategy}: {replicas} replica(s), batch {args.batch_size} per replica, {global_batch} in all; "
          + ("custom distributed loop" if custom else "model.fit"))
    print(f"TensorFlow {tf.__version__}, Keras {tf.keras.__version__ if hasattr(tf.keras, '__version__') else 'unknown'}")

    x, y, (train, val, test), norm = load_examples(args)
    if TASK == "classification" and len(y) and (y.min() < 0 or y.max() >= max(NUM_CLASSES, 1)):
        raise SystemExit(f"class indices must lie in 0..{NUM_CLASSES - 1}; found {y.min()}..{y.max()}")
    print(f"Examples: {len(train)} train, {len(val)} validation, {len(test)} test")
    shift, scale = norm if norm is not None else normalization_params(x[train])
    train_ds = make_dataset(x[train], y[train], shift, scale, global_batch, shuffle=True)
    val_ds = make_dataset(x[val], y[val], shift, scale, global_batch, shuffle=False)
    test_ds = make_dataset(x[test], y[test], shift, scale, global_batch, shuffle=False)
    if train_ds is None and args.epochs > 0:
        raise SystemExit("no training examples")
    steps_per_epoch = max(1, math.ceil(len(train) / global_batch))

    with strategy.scope():
        model = build_model()
        loss, metric = make_loss_and_metric()
        loss_weight = 1.0
        if TARGET_SCALE:
            loss, loss_weight = set_target_scale(model, loss, y[train])
        optimizer = make_optimizer(make_learning_rate(steps_per_epoch, max(args.epochs, 1)))
        if not custom:
            model.compile(optimizer=optimizer, loss=loss, loss_weights=loss_weight, metrics=[metric])
        elif hasattr(optimizer, "build"):
            # The optimizer's slots made here, in the strategy's scope: made lazily inside strategy.run over several
            # local replicas, Keras 3.15 on TF 2.21 fails ("You must feed a value for placeholder tensor 'cond/...'").
            optimizer.build(model.trainable_variables)
    if is_chief(strategy):
        model.summary()
    if model.count_params() != EXPECTED_PARAMS:
        print(f"Warning: {model.count_params()} parameters here, {EXPECTED_PARAMS} in TensorFlow.js")
    if args.weights:
        load_browser_weights(model, args.weights)

    if custom:
        loop = train_custom(strategy, model, optimizer, loss, train_ds, val_ds, args, global_batch, loss_weight) if args.epochs > 0 \
            else DistributedLoop(strategy, model, optimizer, loss, global_batch, loss_weight)
        if test_ds is not None:
            sums = loop.evaluate(strategy.experimental_distribute_dataset(test_ds))
            results = summarize(sums)
            if is_chief(strategy):
                print(f"Test loss: {results['loss']:.4f}  test {METRIC_NAME}: {results[METRIC_NAME]:.4f}")
                if TASK == "classification" and CLASS_NAMES:
                    per_class_report(sums[3], sums[4])
    else:
        if args.epochs > 0:
            callbacks = []
            if EARLY_STOPPING:
                if val_ds is None:
                    print("Early stopping needs a validation split (VALIDATION_FRACTION > 0); training every epoch.")
                else:
                    callbacks.append(BrowserEarlyStopping(
                        monitor=EARLY_STOPPING_MONITOR, mode=EARLY_STOPPING_MODE, patience=EARLY_STOPPING_PATIENCE,
                        min_delta=1e-7, restore_best_weights=EARLY_STOPPING_RESTORE_BEST, verbose=1))
            model.fit(train_ds, epochs=args.epochs, validation_data=val_ds, callbacks=callbacks, verbose=2)
        if test_ds is not None:
            results = model.evaluate(test_ds, return_dict=True, verbose=0)
            print(f"Test loss: {results['loss']:.4f}  test {METRIC_NAME}: {results[METRIC_NAME]:.4f}")
            if TASK == "classification" and CLASS_NAMES:
                x_test = ((x[test].astype(np.float32) - shift) * scale).astype(np.float32)
                predicted = np.argmax(model.predict(x_test, batch_size=global_batch, verbose=0), axis=-1)
                per_class_report([np.sum((predicted == k) & (y[test] == k)) for k in range(NUM_CLASSES)],
                                 [np.sum(y[test] == k) for k in range(NUM_CLASSES)])
    if args.save:
        save_model(model, args.save, strategy)
    if args.export_savedmodel:
        export_savedmodel(model, args.export_savedmodel, shift, scale, strategy)


if __name__ == "__main__":
    main()
`.split('\n').slice(0, -1),
    );
  return { args, rest };
}

/** Imports every script needs besides numpy and TensorFlow (the launcher, checkpoints, the SavedModel). */
export const PYTHON_STDLIB_IMPORTS = ['import argparse', 'import json', 'import math', 'import os', 'import shutil', 'import socket', 'import subprocess', 'import sys', 'import tempfile', 'import threading', 'import time'];
