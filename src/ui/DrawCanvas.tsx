import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import type { PointerEvent as ReactPointerEvent } from 'react';
import { DIGIT_SIZE, preprocessDrawing, rgbaToInk } from '../data/preprocessDrawing';
import './draw.css';

export interface DrawCanvasProps {
  /** Called at most once per animation frame while drawing with the 784 preprocessed floats, or null on Clear. */
  onChange: (pixels: Float32Array | null) => void;
  /** CSS pixels per side; default 280. */
  size?: number;
}

interface Point {
  x: number;
  y: number;
}

/** Mutable drawing state kept out of React state: pointer moves must not re-render. */
interface StrokeState {
  pointerId: number | null;
  last: Point;
  /** Midpoint of the last two samples: where the previous quadratic segment ended. */
  mid: Point;
  frame: number;
  hasInk: boolean;
}

const PREVIEW_SCALE = 3;
/** A cap on device-pixel ratio bounds the per-frame readback (getImageData) cost on very dense screens. */
const MAX_DPR = 3;
/** Largest side read back per frame; bigger backing stores are downscaled first. */
const READ_MAX = 280;

/**
 * A square pad to draw a digit on with mouse, pen or touch: white round strokes on black, like MNIST's ink.
 * Beside it, a Clear button and a 28×28 preview (×3) of exactly what is passed to onChange.
 */
export function DrawCanvas({ onChange, size = 280 }: DrawCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const previewRef = useRef<HTMLCanvasElement>(null);
  const ctxRef = useRef<CanvasRenderingContext2D | null>(null);
  /** Offscreen canvas for the downscaled readback on high-DPI screens (created on first need). */
  const readRef = useRef<CanvasRenderingContext2D | null>(null);
  const onChangeRef = useRef(onChange);
  const stateRef = useRef<StrokeState>({
    pointerId: null,
    last: { x: 0, y: 0 },
    mid: { x: 0, y: 0 },
    frame: 0,
    hasInk: false,
  });
  const lineWidth = size / 14;

  // Keep the latest callback without re-binding the pointer handlers or restarting a pending frame.
  useLayoutEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  const drawPreview = useCallback((pixels: Float32Array | null) => {
    const preview = previewRef.current;
    const pctx = preview?.getContext('2d');
    if (!pctx) return;
    const img = pctx.createImageData(DIGIT_SIZE, DIGIT_SIZE);
    const d = img.data;
    for (let i = 0, j = 0; i < DIGIT_SIZE * DIGIT_SIZE; i++, j += 4) {
      const v = pixels ? pixels[i] * 255 : 0; // Uint8ClampedArray rounds and clamps
      d[j] = v;
      d[j + 1] = v;
      d[j + 2] = v;
      d[j + 3] = 255;
    }
    pctx.putImageData(img, 0, 0);
  }, []);

  const flush = useCallback(() => {
    const s = stateRef.current;
    s.frame = 0;
    const canvas = canvasRef.current;
    const ctx = ctxRef.current;
    if (!canvas || !ctx || !s.hasInk) return;
    let source = ctx;
    let side = canvas.width;
    if (side > READ_MAX) {
      // On dense screens, read a downscaled copy: 28×28 needs no more, and per-frame readback cost is ~quadratic.
      side = READ_MAX;
      let read = readRef.current;
      if (!read) {
        const c = document.createElement('canvas');
        const rctx = c.getContext('2d', { willReadFrequently: true });
        if (!rctx) return;
        read = readRef.current = rctx;
      }
      if (read.canvas.width !== side) {
        read.canvas.width = side;
        read.canvas.height = side;
      }
      read.imageSmoothingEnabled = true;
      read.imageSmoothingQuality = 'high';
      read.drawImage(canvas, 0, 0, side, side);
      source = read;
    }
    const rgba = source.getImageData(0, 0, side, side).data;
    const pixels = preprocessDrawing(rgbaToInk(rgba, side, side), side, side);
    drawPreview(pixels);
    onChangeRef.current(pixels);
  }, [drawPreview]);

  const schedule = useCallback(() => {
    const s = stateRef.current;
    if (s.frame === 0) s.frame = requestAnimationFrame(flush);
  }, [flush]);

  const resetCanvas = useCallback(() => {
    const canvas = canvasRef.current;
    const ctx = ctxRef.current;
    if (!canvas || !ctx) return;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    // Opaque black (not transparent) so what getImageData reads is exactly what the person sees.
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.restore();
  }, []);

  // (Re)initialise the backing store whenever the size changes; resizing a canvas wipes it.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const s = stateRef.current;
    const dpr = Math.min(MAX_DPR, Math.max(1, window.devicePixelRatio || 1));
    canvas.width = Math.round(size * dpr);
    canvas.height = Math.round(size * dpr);
    // willReadFrequently: we read pixels back every frame, which is cheaper from a CPU-backed canvas.
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    ctxRef.current = ctx;
    if (!ctx) return;
    ctx.setTransform(canvas.width / size, 0, 0, canvas.height / size, 0, 0); // draw in CSS pixels
    resetCanvas();
    ctx.strokeStyle = '#fff';
    ctx.fillStyle = '#fff';
    ctx.lineWidth = lineWidth;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    drawPreview(null);
    s.pointerId = null;
    if (s.hasInk) {
      s.hasInk = false;
      onChangeRef.current(null);
    }
    return () => {
      if (s.frame !== 0) cancelAnimationFrame(s.frame);
      s.frame = 0;
    };
  }, [size, lineWidth, resetCanvas, drawPreview]);

  const toPoint = (canvas: HTMLCanvasElement, e: { clientX: number; clientY: number }): Point => {
    const rect = canvas.getBoundingClientRect();
    return {
      x: ((e.clientX - rect.left) * size) / (rect.width || size),
      y: ((e.clientY - rect.top) * size) / (rect.height || size),
    };
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const s = stateRef.current;
    const canvas = e.currentTarget;
    const ctx = ctxRef.current;
    if (!ctx || s.pointerId !== null) return; // one stroke at a time: ignore a second finger
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    e.preventDefault(); // no text selection or focus steal while drawing
    try {
      canvas.setPointerCapture(e.pointerId); // keep receiving moves when the stroke leaves the canvas
    } catch {
      // Synthetic or already-released pointers cannot be captured; drawing still works inside the canvas.
    }
    const p = toPoint(canvas, e);
    s.pointerId = e.pointerId;
    s.last = p;
    s.mid = p;
    // A tap leaves a dot, so a period-like stroke is not lost.
    ctx.beginPath();
    ctx.arc(p.x, p.y, lineWidth / 2, 0, Math.PI * 2);
    ctx.fill();
    s.hasInk = true;
    schedule();
  };

  const onPointerMove = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const s = stateRef.current;
    const ctx = ctxRef.current;
    if (!ctx || s.pointerId !== e.pointerId) return;
    const native = e.nativeEvent;
    // Coalesced events recover the samples the browser merged between frames, for smoother fast strokes.
    const coalesced = typeof native.getCoalescedEvents === 'function' ? native.getCoalescedEvents() : [];
    const samples = coalesced.length > 0 ? coalesced : [native];
    ctx.beginPath();
    ctx.moveTo(s.mid.x, s.mid.y);
    for (const sample of samples) {
      const p = toPoint(e.currentTarget, sample);
      const mid = { x: (s.last.x + p.x) / 2, y: (s.last.y + p.y) / 2 };
      // Curve through midpoints with the raw sample as control point: smooth, and continuous between events.
      ctx.quadraticCurveTo(s.last.x, s.last.y, mid.x, mid.y);
      s.last = p;
      s.mid = mid;
    }
    ctx.stroke();
    schedule();
  };

  const endStroke = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const s = stateRef.current;
    const ctx = ctxRef.current;
    if (s.pointerId !== e.pointerId) return;
    s.pointerId = null;
    if (!ctx) return;
    // Finish the last half-segment so the stroke reaches where the pointer lifted.
    ctx.beginPath();
    ctx.moveTo(s.mid.x, s.mid.y);
    ctx.lineTo(s.last.x, s.last.y);
    ctx.stroke();
    schedule();
  };

  const clear = () => {
    const s = stateRef.current;
    if (s.frame !== 0) cancelAnimationFrame(s.frame);
    s.frame = 0;
    s.pointerId = null;
    s.hasInk = false;
    resetCanvas();
    drawPreview(null);
    onChangeRef.current(null);
  };

  return (
    <div className="ts-draw">
      <canvas
        ref={canvasRef}
        data-testid="draw-canvas"
        className="ts-draw-canvas"
        role="img"
        aria-label="Drawing pad: draw a digit from 0 to 9 with a mouse, pen or finger"
        style={{ width: size, height: size, touchAction: 'none' }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endStroke}
        onPointerCancel={endStroke}
        onLostPointerCapture={endStroke}
        onContextMenu={(e) => e.preventDefault()} // long-press on touch would otherwise open a menu mid-stroke
      />
      <div className="ts-draw-side">
        <button type="button" className="ts-draw-clear" data-testid="draw-clear" onClick={clear}>
          Clear
        </button>
        <figure className="ts-draw-figure">
          <canvas
            ref={previewRef}
            className="ts-draw-preview"
            width={DIGIT_SIZE}
            height={DIGIT_SIZE}
            role="img"
            aria-label="What the model sees: the drawing reduced to 28 by 28 pixels"
            style={{ width: DIGIT_SIZE * PREVIEW_SCALE, height: DIGIT_SIZE * PREVIEW_SCALE }}
          />
          <figcaption className="ts-draw-caption">Model input (28×28)</figcaption>
        </figure>
      </div>
    </div>
  );
}
