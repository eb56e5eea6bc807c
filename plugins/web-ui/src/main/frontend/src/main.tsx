import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Api } from './api';
import { App } from './App';
import { Live } from './live';
import './styles.css';

const api = Api.ofPage(window.location.href);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App api={api} live={new Live(api)} />
  </StrictMode>,
);
