import { useEffect, useState } from 'react';
import { useStudio } from '../../store/context';
import { collectDropped } from './collectDropped';

/** Drop files or folders anywhere on the page to load them. */
export function DropOverlay() {
  const loadFiles = useStudio((s) => s.loadFiles);
  const [over, setOver] = useState(false);
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setOver(true);
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const overFn = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e) || !e.dataTransfer) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      void collectDropped(e.dataTransfer).then((files) => (files.length ? loadFiles(files) : undefined));
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', overFn);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', overFn);
      window.removeEventListener('drop', drop);
    };
  }, [loadFiles]);
  if (!over) return null;
  return (
    <div className="ts-drop-overlay" aria-hidden="true">
      <div>Drop to load: IDX, CSV, image folders or .zip, the MNIST sprite</div>
    </div>
  );
}
