import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createEngineClient } from '../training/client';
import { StudioProvider } from '../store/context';
import { createStudioStore } from '../store/studioStore';
import { App } from './App';
import './styles.css';
import '../ui/ui.css';

const params = new URLSearchParams(location.search);
const store = createStudioStore({
  baseUrl: document.baseURI,
  // ?worker=off forces the main-thread fallback (for trying it out, and for its e2e test).
  createClient: (onMessage) => createEngineClient(onMessage, params.get('worker') !== 'off'),
});
void store.getState().init();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StudioProvider store={store}>
      <App />
    </StudioProvider>
  </StrictMode>,
);
