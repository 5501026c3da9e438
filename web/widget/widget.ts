// Keuzehulp web chat widget: one script tag on any page of the gemeente.
//   <script src="https://keuzehulp.example.nl/webchat/widget.js" data-title="…" data-subtitle="…"
//           data-language="nl" data-position="right" defer></script>
// Vanilla TypeScript, no framework. Speaks Direct Line 3.0 with our own server (WebSocket, polling as fallback),
// keeps the conversation in sessionStorage so a reload continues it, renders everything as text (never as HTML),
// and works under a strict Content-Security-Policy (no inline script or style, no eval).
(() => {
  const MAX_CHARS = 2000;
  const STORAGE_KEY = 'keuzehulp.webchat';
  const POLL_MS = 1000;

  interface Action {
    type: string;
    title: string;
    value?: unknown;
    text?: string;
    displayText?: string;
  }
  interface Card {
    contentType: string;
    content?: { title?: string; text?: string; buttons?: Action[] };
  }
  interface Activity {
    id?: string;
    type: string;
    text?: string;
    from?: { id: string; role?: string };
    attachments?: Card[];
    suggestedActions?: { actions: Action[] };
    channelData?: { keuzehulp?: { state?: string; crisis?: boolean; adviser?: { name?: string } } };
  }
  interface Session {
    token: string;
    conversationId: string;
    userId: string;
  }
  type Strings = Record<string, string>;

  const script = document.currentScript as HTMLScriptElement | null;
  if (!script) return;
  const origin = new URL(script.src, location.href).origin;
  const data = script.dataset;
  const language = data['language'] === 'en' ? 'en' : 'nl';
  const position = data['position'] === 'left' ? 'left' : 'right';

  function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function format(template: string, params: Record<string, string | number>): string {
    return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
  }

  function readSession(): Session | null {
    try {
      const raw = sessionStorage.getItem(STORAGE_KEY);
      const parsed = raw ? (JSON.parse(raw) as Partial<Session>) : null;
      return parsed && typeof parsed.token === 'string' && typeof parsed.conversationId === 'string' && typeof parsed.userId === 'string'
        ? (parsed as Session)
        : null;
    } catch {
      return null;
    }
  }

  function saveSession(session: Session | null): void {
    try {
      if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
      else sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      // Private browsing without storage: the chat still works, only a reload starts anew.
    }
  }

  /** Only web and phone links from the bot become links; anything else stays text. */
  function safeHref(value: unknown): string | null {
    if (typeof value !== 'string') return null;
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:' || url.protocol === 'tel:' ? url.href : null;
    } catch {
      return null;
    }
  }

  async function start(): Promise<void> {
    const strings: Strings = await fetch(`${origin}/webchat/strings/${language}`).then((r) => r.json() as Promise<Strings>);
    const t = (key: string, params: Record<string, string | number> = {}) => format(strings[key] ?? key, params);

    const stylesheet = element('link');
    stylesheet.rel = 'stylesheet';
    stylesheet.href = `${origin}/webchat/widget.css`;
    document.head.appendChild(stylesheet);

    // ------------------------------------------------------------------ the panel
    const root = element('div', `kh-root kh-${position}`);
    // Colours from data attributes (data-color-primary="#154273"), as CSS custom properties: allowed under CSP.
    for (const [attribute, property] of [
      ['colorPrimary', '--kh-color-primary'],
      ['colorPrimaryText', '--kh-color-primary-text'],
      ['colorBackground', '--kh-color-background'],
      ['colorText', '--kh-color-text'],
    ] as const) {
      const value = data[attribute];
      if (value && /^(#[0-9a-fA-F]{3,8}|[a-z]+|rgb\([0-9 ,.%]+\))$/.test(value)) root.style.setProperty(property, value);
    }
    const launcher = element('button', 'kh-launcher', data['title'] ?? t('launcher'));
    launcher.type = 'button';
    launcher.setAttribute('aria-expanded', 'false');
    launcher.setAttribute('aria-controls', 'kh-panel');

    const panel = element('section', 'kh-panel');
    panel.id = 'kh-panel';
    panel.hidden = true;
    panel.setAttribute('aria-labelledby', 'kh-title');

    const header = element('header', 'kh-header');
    const headings = element('div', 'kh-headings');
    const title = element('h2', 'kh-title', data['title'] ?? t('launcher'));
    title.id = 'kh-title';
    headings.append(title, element('p', 'kh-subtitle', data['subtitle'] ?? t('subtitle')));
    const close = element('button', 'kh-close', '×');
    close.type = 'button';
    close.setAttribute('aria-label', t('close'));
    header.append(headings, close);

    const log = element('div', 'kh-log');
    log.setAttribute('role', 'log');
    log.setAttribute('aria-live', 'polite');
    log.setAttribute('aria-relevant', 'additions');
    log.tabIndex = 0;
    log.setAttribute('aria-label', title.textContent ?? '');

    const status = element('p', 'kh-status');
    status.setAttribute('role', 'status');
    const typing = element('p', 'kh-typing', t('typing'));
    typing.hidden = true;
    const retry = element('button', 'kh-retry', t('retry'));
    retry.type = 'button';
    retry.hidden = true;

    const choices = element('div', 'kh-choices');
    choices.setAttribute('role', 'group');
    choices.setAttribute('aria-label', t('choices'));

    const form = element('form', 'kh-form');
    const label = element('label', 'kh-visually-hidden', t('inputLabel'));
    label.htmlFor = 'kh-input';
    const input = element('textarea', 'kh-input');
    input.id = 'kh-input';
    input.rows = 2;
    input.placeholder = t('placeholder');
    input.setAttribute('aria-describedby', 'kh-hint');
    const hint = element('p', 'kh-hint');
    hint.id = 'kh-hint';
    hint.setAttribute('aria-live', 'assertive');
    const send = element('button', 'kh-send', t('send'));
    send.type = 'submit';
    form.append(label, input, send, hint);

    const tools = element('div', 'kh-tools');
    const adviser = element('button', 'kh-tool', t('adviser'));
    adviser.type = 'button';
    const stop = element('button', 'kh-tool', t('stop'));
    stop.type = 'button';
    tools.append(adviser, stop);

    panel.append(header, status, retry, log, typing, choices, form, tools);
    root.append(panel, launcher);
    document.body.appendChild(root);

    // ------------------------------------------------------------------ Direct Line
    let session = readSession();
    let watermark: string | undefined;
    let socket: WebSocket | null = null;
    let pollTimer: number | undefined;
    let refreshTimer: number | undefined;
    let typingTimer: number | undefined;
    const shown = new Set<string>();
    let connecting: Promise<void> | null = null;

    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${origin}${path}`, {
        ...init,
        headers: { 'Content-Type': 'application/json', ...(session ? { Authorization: `Bearer ${session.token}` } : {}), ...(init.headers ?? {}) },
      });

    const setStatus = (text: string, offline = false) => {
      status.textContent = text;
      retry.hidden = !offline;
    };

    async function connect(): Promise<void> {
      setStatus(t('connecting'));
      let streamUrl: string;
      if (session) {
        // A reload or a reconnect: the same conversation; replay everything so the page shows it again.
        const res = await api(`/v3/directline/conversations/${encodeURIComponent(session.conversationId)}`);
        if (res.status === 403 || res.status === 404) {
          session = null;
          saveSession(null);
          return connect();
        }
        if (!res.ok) throw new Error(`reconnect ${res.status}`);
        streamUrl = ((await res.json()) as { streamUrl: string }).streamUrl;
      } else {
        const res = await fetch(`${origin}/api/webchat/token`, { method: 'POST' });
        if (!res.ok) throw new Error(`token ${res.status}`);
        const issued = (await res.json()) as { token: string; conversationId: string };
        session = { token: issued.token, conversationId: issued.conversationId, userId: `inwoner-${Math.random().toString(36).slice(2, 10)}` };
        saveSession(session);
        const started = await api('/v3/directline/conversations', { method: 'POST' });
        if (!started.ok) throw new Error(`start ${started.status}`);
        streamUrl = ((await started.json()) as { streamUrl: string }).streamUrl;
      }
      scheduleRefresh();
      openStream(streamUrl);
    }

    function openStream(url: string): void {
      let opened = false;
      try {
        socket = new WebSocket(watermark ? `${url}&watermark=${encodeURIComponent(watermark)}` : url);
      } catch {
        startPolling();
        return;
      }
      socket.onopen = () => {
        opened = true;
        stopPolling();
        setStatus('');
      };
      socket.onmessage = (event: MessageEvent) => {
        if (typeof event.data !== 'string' || event.data === '') return; // keep-alive
        receive(JSON.parse(event.data) as { activities: Activity[]; watermark?: string });
      };
      socket.onclose = () => {
        socket = null;
        // The stream failed or dropped: fall back to polling, and try the stream again later.
        startPolling();
        if (opened) window.setTimeout(() => void reconnect(), 5000);
      };
    }

    async function reconnect(): Promise<void> {
      if (socket || !session) return;
      try {
        const res = await api(`/v3/directline/conversations/${encodeURIComponent(session.conversationId)}?watermark=${watermark ?? ''}`);
        if (res.ok) openStream(((await res.json()) as { streamUrl: string }).streamUrl);
      } catch {
        // Still offline; polling keeps trying.
      }
    }

    function startPolling(): void {
      if (pollTimer !== undefined) return;
      const poll = async () => {
        if (!session) return;
        try {
          const res = await api(`/v3/directline/conversations/${encodeURIComponent(session.conversationId)}/activities${watermark ? `?watermark=${encodeURIComponent(watermark)}` : ''}`);
          if (!res.ok) throw new Error(String(res.status));
          receive((await res.json()) as { activities: Activity[]; watermark?: string });
          if (!socket) setStatus('');
        } catch {
          setStatus(t('offline'), true);
        }
      };
      pollTimer = window.setInterval(() => void poll(), POLL_MS);
      void poll();
    }

    function stopPolling(): void {
      if (pollTimer !== undefined) window.clearInterval(pollTimer);
      pollTimer = undefined;
    }

    function scheduleRefresh(): void {
      if (refreshTimer !== undefined) window.clearInterval(refreshTimer);
      refreshTimer = window.setInterval(async () => {
        if (!session) return;
        const res = await api('/v3/directline/tokens/refresh', { method: 'POST' }).catch(() => null);
        if (res?.ok) {
          session = { ...session, token: ((await res.json()) as { token: string }).token };
          saveSession(session);
        }
      }, 10 * 60_000);
    }

    // ------------------------------------------------------------------ rendering
    function receive(set: { activities: Activity[]; watermark?: string }): void {
      if (set.watermark) watermark = set.watermark;
      for (const activity of set.activities) {
        if (activity.id && shown.has(activity.id)) continue;
        if (activity.id) shown.add(activity.id);
        render(activity);
      }
    }

    function render(activity: Activity): void {
      const fromBot = activity.from?.role === 'bot';
      if (activity.type === 'typing' && fromBot) {
        typing.hidden = false;
        window.clearTimeout(typingTimer);
        typingTimer = window.setTimeout(() => (typing.hidden = true), 3000);
        return;
      }
      if (activity.type !== 'message') return;
      typing.hidden = true;
      // A person of the wijkteam writes as themselves: their name is shown, so nobody mistakes them for the bot.
      const adviser = fromBot ? activity.channelData?.keuzehulp?.adviser?.name : undefined;
      const item = element('div', `kh-msg ${adviser ? 'kh-adviser' : fromBot ? 'kh-bot' : 'kh-user'}${activity.channelData?.keuzehulp?.crisis ? ' kh-crisis' : ''}`);
      if (adviser) item.appendChild(element('span', 'kh-sender', `${t('adviserLabel', { name: adviser })}: `));
      else item.appendChild(element('span', 'kh-visually-hidden', `${fromBot ? t('bot') : t('you')}: `));
      if (activity.text) item.appendChild(element('p', 'kh-text', activity.text));
      const cards = (activity.attachments ?? []).filter((a) => a.contentType === 'application/vnd.microsoft.card.hero' && a.content);
      if (cards.length > 0) {
        const list = element('ul', 'kh-cards');
        for (const card of cards) {
          const li = element('li', 'kh-card');
          if (card.content!.title) li.appendChild(element('h3', 'kh-card-title', card.content!.title));
          if (card.content!.text) li.appendChild(element('p', 'kh-card-text', card.content!.text));
          for (const button of card.content!.buttons ?? []) {
            const href = safeHref(button.value);
            if (!href) continue;
            const link = element('a', 'kh-link', button.title);
            link.href = href;
            if (!href.startsWith('tel:')) {
              link.target = '_blank';
              link.rel = 'noopener noreferrer';
              link.textContent = t('website');
            }
            li.appendChild(link);
          }
          list.appendChild(li);
        }
        item.appendChild(list);
      }
      log.appendChild(item);
      log.scrollTop = log.scrollHeight;
      if (fromBot && activity.suggestedActions) showChoices(activity.suggestedActions.actions);
      else if (fromBot && activity.text) showChoices([]);
    }

    function showChoices(actions: Action[]): void {
      choices.replaceChildren();
      for (const action of actions) {
        const button = element('button', 'kh-choice', action.title);
        button.type = 'button';
        button.addEventListener('click', () => {
          void post({ type: 'message', text: action.displayText ?? action.title, value: action.value });
          choices.replaceChildren();
          input.focus();
        });
        choices.appendChild(button);
      }
    }

    async function post(activity: Partial<Activity> & { value?: unknown }): Promise<boolean> {
      if (!session) await ensureConnected();
      if (!session) return false;
      try {
        const res = await api(`/v3/directline/conversations/${encodeURIComponent(session.conversationId)}/activities`, {
          method: 'POST',
          body: JSON.stringify({ ...activity, from: { id: session.userId }, locale: language === 'en' ? 'en-GB' : 'nl-NL' }),
        });
        if (!res.ok) throw new Error(String(res.status));
        if (!socket) startPolling();
        return true;
      } catch {
        hint.textContent = t('sendFailed');
        return false;
      }
    }

    function ensureConnected(): Promise<void> {
      connecting ??= connect().catch(() => {
        connecting = null;
        setStatus(t('offline'), true);
      });
      return connecting;
    }

    // ------------------------------------------------------------------ behaviour
    const open = () => {
      panel.hidden = false;
      launcher.setAttribute('aria-expanded', 'true');
      root.classList.add('kh-open');
      input.focus();
      void ensureConnected();
    };
    const shut = () => {
      panel.hidden = true;
      launcher.setAttribute('aria-expanded', 'false');
      root.classList.remove('kh-open');
      launcher.focus();
    };
    launcher.addEventListener('click', () => (panel.hidden ? open() : shut()));
    close.addEventListener('click', shut);
    panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') shut();
    });
    retry.addEventListener('click', () => {
      connecting = null;
      void ensureConnected();
    });
    input.addEventListener('keydown', (event) => {
      // Enter sends, Shift+Enter makes a new line.
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (text.length === 0) return;
      if (text.length > MAX_CHARS) {
        hint.textContent = t('tooLong', { max: MAX_CHARS });
        return;
      }
      hint.textContent = '';
      void post({ type: 'message', text }).then((ok) => {
        if (ok && input.value.trim() === text) input.value = '';
      });
    });
    adviser.addEventListener('click', () => void post({ type: 'message', text: language === 'en' ? 'human' : 'medewerker' }));
    stop.addEventListener('click', () => void post({ type: 'message', text: 'stop' }));

    // A conversation already going on in this tab opens again after a reload or a new page.
    if (session) open();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void start());
  else void start();
})();
