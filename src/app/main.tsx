import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createEngineClient } from '../training/client';
import { createLoaderClient } from '../data/loader/client';
import { StudioProvider } from '../store/context';
import { createStudioStore } from '../store/studioStore';
import { App } from './App';
import { openRunStore } from '../runs/runStore';
import { startTabIdentity } from './tabIdentity';
import './styles.css';
import '../ui/ui.css';
// After ui.css: the page's layout (header, workspace, phone sizes) wins over the panels' own rules.
import './layout.css';
import { installThemeTokens } from './theme';
import { applyThemeChoice, readThemeChoice } from '../ui/shell/ThemeToggle';

// Colours before anything renders: the token stylesheet (from themeTokens.ts) and the stored light/dark choice.
installThemeTokens();
applyThemeChoice(readThemeChoice());

const params = new URLSearchParams(location.search);
const store = createStudioStore({
  baseUrl: document.baseURI,
  // ?worker=off forces the main-thread fallbacks (for trying them out, and for their e2e test).
  createClient: (onMessage, early) => createEngineClient(onMessage, params.get('worker') !== 'off', early),
  createLoader: () => createLoaderClient(params.get('worker') !== 'off'),
  history: { ...startTabIdentity(), openRunStore: () => openRunStore() },
  preferences: {
    load: () => {
      try {
        const v: unknown = JSON.parse(localStorage.getItem('tensorscope:prefs') ?? 'null');
        return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
      } catch {
        return null;
      }
    },
    save: (value) => {
      try {
        localStorage.setItem('tensorscope:prefs', JSON.stringify(value));
      } catch {
        /* storage full or off: the choice is measured again next time */
      }
    },
  },
  share: {
    pageUrl: () => location.href.split('#')[0],
    download: (name, blob) => {
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    },
    copyText: async (text) => {
      try {
        await navigator.clipboard.writeText(text);
        return true;
      } catch {
        return false;
      }
    },
    replaceFragment: (fragment) => history.replaceState(null, '', fragment ? `#${fragment}` : location.pathname + location.search),
    fetch: (...args) => fetch(...args),
  },
});
void store.getState().init(location.hash);
// A link pasted into this tab's address bar opens without a reload.
addEventListener('hashchange', () => void store.getState().openFragment(location.hash));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StudioProvider store={store}>
      <App />
    </StudioProvider>
  </StrictMode>,
);
