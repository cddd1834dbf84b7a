import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createEngineClient } from '../training/client';
import { createLoaderClient } from '../data/loader/client';
import { StudioProvider } from '../store/context';
import { createStudioStore } from '../store/studioStore';
import { App } from './App';
import './styles.css';
import '../ui/ui.css';

const params = new URLSearchParams(location.search);
const store = createStudioStore({
  baseUrl: document.baseURI,
  // ?worker=off forces the main-thread fallbacks (for trying them out, and for their e2e test).
  createClient: (onMessage) => createEngineClient(onMessage, params.get('worker') !== 'off'),
  createLoader: () => createLoaderClient(params.get('worker') !== 'off'),
});
void store.getState().init();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StudioProvider store={store}>
      <App />
    </StudioProvider>
  </StrictMode>,
);
