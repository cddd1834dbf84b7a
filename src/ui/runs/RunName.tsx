import { useState, type KeyboardEvent } from 'react';
import { useStudio } from '../../store/context';

/** A run's name with inline rename: the pencil (or a double click) edits, Enter saves, Esc cancels. */
export function RunName({ id, name }: { id: string; name: string }) {
  const edit = useStudio((s) => s.editStoredRun);
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const cancel = () => {
    setDraft(null);
    setProblem(null);
  };
  const save = async () => {
    if (draft === null) return;
    if (draft.trim() === name) return cancel();
    const p = await edit(id, { name: draft });
    if (p) setProblem(p);
    else cancel();
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void save();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      cancel();
    }
  };
  if (draft === null) {
    return (
      <span className="ts-run-name">
        <span data-testid="run-name" onDoubleClick={() => setDraft(name)}>
          {name}
        </span>
        <button type="button" className="ts-icon-button" aria-label={`Rename run ${name}`} title="Rename" data-testid="run-rename" onClick={() => setDraft(name)}>
          ✎
        </button>
      </span>
    );
  }
  return (
    <span className="ts-run-name ts-run-name-edit">
      <input
        autoFocus
        value={draft}
        maxLength={80}
        aria-label={`New name for run ${name}`}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `rename-problem-${id}` : undefined}
        data-testid="run-name-input"
        onChange={(e) => {
          setDraft(e.target.value);
          setProblem(null);
        }}
        onKeyDown={onKey}
        onBlur={() => {
          if (draft.trim() === name) cancel();
        }}
      />
      {problem ? (
        <span className="ts-field-error" id={`rename-problem-${id}`} role="alert">
          {problem}
        </span>
      ) : (
        <span className="ts-muted ts-small">Enter saves, Esc cancels</span>
      )}
    </span>
  );
}
