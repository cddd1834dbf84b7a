import { useState } from 'react';
import { addTags, parseTags } from '../../runs/naming';
import { useStudio } from '../../store/context';

/** A run's tags as chips; with `editable`, each chip can be removed and new ones added (comma-separated). */
export function RunTags({ id, name, tags, editable = false }: { id: string; name: string; tags: readonly string[]; editable?: boolean }) {
  const edit = useStudio((s) => s.editStoredRun);
  const [text, setText] = useState('');
  const add = async () => {
    const more = parseTags(text);
    if (more.length === 0) return;
    await edit(id, { tags: addTags(tags, more) });
    setText('');
  };
  return (
    <span className="ts-run-tags">
      {tags.map((t) => (
        <span key={t} className="ts-tag" data-testid="run-tag">
          {t}
          {editable ? (
            <button type="button" className="ts-tag-remove" aria-label={`Remove tag ${t} from run ${name}`} onClick={() => void edit(id, { tags: tags.filter((x) => x !== t) })}>
              ×
            </button>
          ) : null}
        </span>
      ))}
      {editable ? (
        <span className="ts-tag-add">
          <label className="ts-field">
            <span>Add tags (comma-separated)</span>
            <input
              value={text}
              data-testid="run-tag-input"
              placeholder="baseline, small lr"
              onChange={(e) => setText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void add();
                }
              }}
            />
          </label>
          <button type="button" data-testid="run-tag-add" aria-label={`Add tags to run ${name}`} disabled={!parseTags(text).length} onClick={() => void add()}>
            Add
          </button>
        </span>
      ) : null}
    </span>
  );
}
