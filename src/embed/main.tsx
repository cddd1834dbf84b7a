import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createEngineClient } from '../training/client';
import { fetchDeadlineMs } from '../core/fetchBytes';
import { installThemeTokens } from '../app/theme';
import { applyThemeChoice, readThemeChoice } from '../ui/shell/ThemeToggle';
import { parseAllowList } from './allowList';
import { createEmbedApi } from './embedApi';
import { createEmbedController } from './embedController';
import { announceReady, installBridge } from './bridge';
import { EmbedView } from './EmbedView';
import type { BackendChoice } from './engineTypes';
import '../app/styles.css';
import '../ui/draw.css';
import './embed.css';

installThemeTokens();
applyThemeChoice(readThemeChoice());

const params = new URLSearchParams(location.search);
const allow = parseAllowList(params.get('allow'));
const BACKENDS: readonly BackendChoice[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];
const asked = params.get('backend') as BackendChoice | null;
const backend: BackendChoice = asked && BACKENDS.includes(asked) ? asked : 'auto';

const controller = createEmbedController({
  createClient: (onMessage) => createEngineClient(onMessage, true),
  fetch: (...args) => fetch(...args),
  backend,
  deadlineMs: fetchDeadlineMs(),
  now: () => performance.now(),
});
const api = createEmbedApi({ allow, status: controller.status, predict: controller.predict, now: () => performance.now(), queue: controller.queue });
// Listening before the model loads: early requests get `not-ready` with the reason, not silence.
installBridge(window, api);
void controller.load(location.hash, (model) => announceReady(window, allow, model.description));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <EmbedView controller={controller} allow={allow} />
  </StrictMode>,
);
