// Keuzehulp adviser console ("adviseurconsole"), served at /adviseur.
// Vanilla TypeScript, no framework, compiled as a plain script next to the widget (hence the IIFE: no shared names).
// The structure is in index.html; every word comes from /adviseur/strings/<language> (data-t keys and t() below).
// Everything a person typed is shown with textContent, never as HTML, and the page works under a strict CSP:
// no inline script or style, visibility only through the `hidden` attribute and classes.
(() => {
  const SESSION = '/api/adviser/session';
  const LOGIN = '/api/adviser/login';
  const TICK_MS = 30_000;
  const EVENTS_RETRY_MS = 5000;
  const ROLES = ['user', 'bot', 'adviser', 'system'] as const;

  interface Person {
    email: string;
    name: string;
  }
  interface Adviser extends Person {
    role: string;
  }
  interface SessionData {
    csrfToken: string;
    adviser: Adviser;
  }
  interface Callback {
    phone: string | null;
    moment: string | null;
  }
  interface QueueItem {
    id: string;
    conversationId: string;
    channel: string;
    theme: string | null;
    themeLabel: string | null;
    priority: 'crisis' | 'urgent' | 'normal';
    waitingSince: string;
    crisis: boolean;
    callback: Callback | null;
    status: 'waiting' | 'claimed';
    claimedBy: Person | null;
  }
  interface Entry {
    role: (typeof ROLES)[number];
    text: string;
    at: string;
  }
  interface Note {
    adviserEmail: string;
    adviserName: string;
    text: string;
    at: string;
  }
  interface Summary {
    story: string[];
    theme: { id: string; label: string } | null;
    candidates: Array<{ id: string; label: string }>;
    answers: Array<{ question: string; answer: string }>;
    facts: Record<string, string | number | boolean>;
    signals: string[];
    advice: Array<{ offeringId: string; name: string; route: string }>;
    checks: Array<{ id: string; label: string; result: string }>;
    audience: string | null;
    language: string;
    channel: string;
    crisis: string | null;
  }
  interface Conversation {
    conversationId: string;
    status: 'waiting' | 'claimed' | 'released' | 'closed' | 'cancelled';
    kind: 'live' | 'callback';
    channel: string;
    language: string;
    theme: string | null;
    claimedBy: Person | null;
    callback: Callback | null;
    outcome: string | null;
    handbackNote: string | null;
    summary: Partial<Summary> | null;
    transcript: Entry[];
    notes: Note[];
    /** Channels that only allow free text for a while after the person's last message (WhatsApp: 24 hours). */
    replyWindow?: { hours: number; open: boolean; closesAt: string | null; template: string | null } | null;
  }
  interface ApiError {
    code: string;
    message: string;
    holder?: string;
  }
  type Result<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiError };
  type Tree = { [key: string]: string | Tree };
  type Focus = 'heading' | 'message' | 'none';

  // ------------------------------------------------------------------ helpers
  function byId<T extends HTMLElement = HTMLElement>(id: string): T {
    const node = document.getElementById(id);
    if (!node) throw new Error(`#${id} is missing from index.html`);
    return node as T;
  }

  function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(text: string, className = 'kc-button'): HTMLButtonElement {
    const node = element('button', className, text);
    node.type = 'button';
    return node;
  }

  let strings: Tree = {};
  const language = document.documentElement.lang === 'en' ? 'en' : 'nl';

  /** A sentence by key ("queue.heading"), nested or flat in console.json, with {{name}} placeholders filled in. */
  function t(key: string, params: Record<string, string | number> = {}): string {
    let node: string | Tree | undefined = strings[key];
    if (typeof node !== 'string') {
      node = strings;
      for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
    }
    return typeof node === 'string' ? node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? '')) : key;
  }

  /** A label for a code (channel, signal, …); an unknown code is shown as it is rather than as a key. */
  function label(group: string, code: string): string {
    const key = `${group}.${code}`;
    const text = t(key);
    return text === key ? code : text;
  }

  const outcomeLabel = (outcome: string) => label('close.outcome', outcome.replace(/ /g, '_'));

  function clock(at: string): string {
    const date = new Date(at);
    if (Number.isNaN(date.getTime())) return '';
    return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
  }

  function timeElement(at: string): HTMLTimeElement {
    const node = element('time', 'kc-time', clock(at));
    node.dateTime = at;
    return node;
  }

  function waitText(since: string): string {
    const minutes = Math.max(0, Math.floor((Date.now() - Date.parse(since)) / 60_000));
    return minutes === 1 ? t('queue.minute') : t('queue.minutes', { minutes: Number.isNaN(minutes) ? 0 : minutes });
  }

  /** Set a live region's text. The same sentence again is cleared first, so that it is announced again. */
  function speak(region: HTMLElement, text: string): void {
    if (region.textContent !== text || !text) {
      region.textContent = text;
      return;
    }
    region.textContent = '';
    window.setTimeout(() => (region.textContent = text), 50);
  }

  // ------------------------------------------------------------------ elements (see index.html)
  const app = byId('app');
  const status = byId('status');
  const userBox = byId('user-box');
  const adviserName = byId('adviser-name');
  const loginView = byId('login-view');
  const loginForm = byId<HTMLFormElement>('login-form');
  const loginEmail = byId<HTMLInputElement>('login-email');
  const loginPassword = byId<HTMLInputElement>('login-password');
  const loginError = byId('login-error');
  const deskView = byId('desk-view');
  const crisisAlerts = byId('crisis-alerts');
  const queueHeading = byId('queue-heading');
  const queueEmpty = byId('queue-empty');
  const queueTable = byId('queue-table');
  const queueBody = byId<HTMLTableSectionElement>('queue-body');
  const conversationSection = byId('conversation-section');
  const conversationHeading = byId('conversation-heading');
  const conversationState = byId('conversation-state');
  const claimButton = byId<HTMLButtonElement>('claim-button');
  const callbackBox = byId('callback-box');
  const summaryList = byId('summary');
  const transcript = byId('transcript');
  const transcriptEmpty = byId('transcript-empty');
  const holderTools = byId('holder-tools');
  const windowBox = byId('window-box');
  const windowText = byId('window-text');
  const reengageButton = byId<HTMLButtonElement>('reengage-button');
  const messageForm = byId<HTMLFormElement>('message-form');
  const messageInput = byId<HTMLTextAreaElement>('message-input');
  const messageError = byId('message-error');
  const releaseForm = byId<HTMLFormElement>('release-form');
  const releaseNote = byId<HTMLTextAreaElement>('release-note');
  const closeForm = byId<HTMLFormElement>('close-form');
  const closeOutcome = byId<HTMLSelectElement>('close-outcome');
  const closeError = byId('close-error');
  const notesEmpty = byId('notes-empty');
  const notesList = byId('notes-list');
  const noteForm = byId<HTMLFormElement>('note-form');
  const noteInput = byId<HTMLTextAreaElement>('note-input');
  const noteError = byId('note-error');

  // ------------------------------------------------------------------ state
  let csrfToken = '';
  let me: Adviser | null = null;
  let events: EventSource | null = null;
  let queue: QueueItem[] = [];
  let queueCount: number | null = null;
  let current: Conversation | null = null;
  /** Transcript entries already shown (role+text+at): the 201 answer and the SSE echo of one message show once. */
  const seen = new Set<string>();
  /** Only the newest conversation load may render: an older answer arriving late must not win. */
  let loadTicket = 0;
  let pendingFocus: Focus = 'none';
  const busy = new Set<string>();

  // ------------------------------------------------------------------ server
  async function api<T>(path: string, method: 'GET' | 'POST' = 'GET', body?: unknown): Promise<Result<T>> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (method === 'POST') {
      headers['Content-Type'] = 'application/json';
      if (csrfToken) headers['x-csrf-token'] = csrfToken;
    }
    let response: Response;
    try {
      response = await fetch(path, { method, headers, credentials: 'same-origin', body: method === 'POST' ? JSON.stringify(body ?? {}) : null });
    } catch {
      return { ok: false, status: 0, error: { code: 'network', message: '' } };
    }
    const json = (await response.json().catch(() => null)) as unknown;
    if (response.ok) return { ok: true, status: response.status, data: json as T };
    const error = (json as { error?: ApiError } | null)?.error ?? { code: `http_${response.status}`, message: '' };
    // The session ended (expired, or logged out elsewhere): back to the login screen.
    if (response.status === 401 && path !== LOGIN && path !== SESSION && me) showLogin(t('login.expired'));
    return { ok: false, status: response.status, error };
  }

  /** Say why an action failed; a 401 already went to the login screen. */
  function fail(result: { status: number }): void {
    if (result.status === 401) return;
    speak(status, result.status === 0 ? t('errors.offline') : result.status === 409 ? t('errors.notHolder') : t('errors.general'));
  }

  const conversationPath = (conversationId: string, action = '') =>
    `/api/adviser/conversations/${encodeURIComponent(conversationId)}${action ? `/${action}` : ''}`;

  /** Run an action once at a time per name: a double click or a second Enter does not post twice. */
  async function once(name: string, action: () => Promise<void>): Promise<void> {
    if (busy.has(name)) return;
    busy.add(name);
    try {
      await action();
    } finally {
      busy.delete(name);
    }
  }

  // ------------------------------------------------------------------ login and logout
  function showLogin(notice = ''): void {
    stopEvents();
    me = null;
    csrfToken = '';
    current = null;
    queue = [];
    queueCount = null;
    userBox.hidden = true;
    deskView.hidden = true;
    conversationSection.hidden = true;
    // Nothing about a person stays in the page after logging out (a shared computer).
    for (const list of [crisisAlerts, queueBody, transcript, summaryList, notesList]) list.replaceChildren();
    for (const field of [messageInput, releaseNote, noteInput]) field.value = '';
    loginView.hidden = false;
    loginError.textContent = '';
    speak(status, notice);
    loginEmail.focus();
  }

  function enterDesk(session: SessionData): void {
    csrfToken = session.csrfToken;
    me = session.adviser;
    adviserName.textContent = t('header.signedInAs', { name: me.name });
    userBox.hidden = false;
    loginView.hidden = true;
    loginForm.reset();
    loginError.textContent = '';
    deskView.hidden = false;
    conversationSection.hidden = true;
    startEvents();
    void loadQueue();
    queueHeading.focus();
  }

  async function login(): Promise<void> {
    const email = loginEmail.value.trim();
    const password = loginPassword.value;
    if (!email || !password) {
      speak(loginError, t('login.missing'));
      (email ? loginPassword : loginEmail).focus();
      return;
    }
    const result = await api<SessionData>(LOGIN, 'POST', { email, password });
    if (result.ok) return enterDesk(result.data);
    const reason =
      result.status === 429 || result.error.code === 'too_many_attempts'
        ? 'login.tooMany'
        : result.status === 401
          ? 'login.invalid'
          : result.status === 0
            ? 'errors.offline'
            : 'login.failed';
    speak(loginError, t(reason));
    loginPassword.value = '';
    loginPassword.focus();
  }

  async function logout(): Promise<void> {
    await api(`/api/adviser/logout`, 'POST', {});
    showLogin(t('login.loggedOut'));
  }

  // ------------------------------------------------------------------ live events
  function parse<T>(event: Event): T | null {
    try {
      return JSON.parse(String((event as MessageEvent).data)) as T;
    } catch {
      return null;
    }
  }

  function startEvents(): void {
    stopEvents();
    const source = new EventSource('/api/adviser/events');
    events = source;
    source.addEventListener('queue', (event) => {
      const data = parse<{ items: QueueItem[] }>(event);
      if (data && Array.isArray(data.items)) {
        queueFrames++;
        renderQueue(data.items);
      }
    });
    source.addEventListener('message', (event) => {
      const data = parse<{ conversationId: string; entry: Entry }>(event);
      if (data && current?.conversationId === data.conversationId) appendEntry(data.entry);
    });
    source.addEventListener('crisis', (event) => {
      const data = parse<{ conversationId: string }>(event);
      if (data) showCrisis(data.conversationId);
    });
    source.addEventListener('status', (event) => {
      const data = parse<{ conversationId: string; status: string; by?: unknown }>(event);
      if (data) onStatus(data.conversationId, data.by);
    });
    source.onerror = () => void checkEvents(source);
  }

  function stopEvents(): void {
    events?.close();
    events = null;
  }

  /** The stream broke: if the session is gone, log in again; if the browser gave up, start a new stream later. */
  async function checkEvents(source: EventSource): Promise<void> {
    if (events !== source || busy.has('events')) return;
    busy.add('events');
    const result = await api<SessionData>(SESSION);
    busy.delete('events');
    if (events !== source) return;
    if (result.status === 401) return showLogin(t('login.expired'));
    if (source.readyState === EventSource.CLOSED) {
      speak(status, t('errors.events'));
      window.setTimeout(() => {
        if (events === source) startEvents();
      }, EVENTS_RETRY_MS);
    }
  }

  function onStatus(conversationId: string, by: unknown): void {
    if (current?.conversationId !== conversationId) return;
    // `by` is who changed it (an e-mail address or {email, name}); our own actions are announced already.
    const byEmail = typeof by === 'string' ? by : ((by as Partial<Person> | null)?.email ?? '');
    const byMe = !!me && byEmail.toLowerCase() === me.email.toLowerCase();
    void loadConversation(conversationId, 'none').then((loaded) => {
      if (loaded && !byMe) speak(status, t('conversation.changed', { state: stateText(loaded) }));
    });
  }

  // ------------------------------------------------------------------ queue
  /** Counts queue frames from the live stream: a fetched list older than the last frame must not replace it. */
  let queueFrames = 0;

  async function loadQueue(): Promise<void> {
    const framesBefore = queueFrames;
    const result = await api<{ items: QueueItem[] }>('/api/adviser/queue');
    if (queueFrames !== framesBefore) return;
    if (result.ok && Array.isArray(result.data.items)) renderQueue(result.data.items);
  }

  function renderQueue(items: QueueItem[]): void {
    // A new list replaces the rows; keep keyboard focus on the same button of the same person if it is still there.
    const focused = document.activeElement instanceof HTMLElement && queueBody.contains(document.activeElement) ? document.activeElement : null;
    const keep = focused ? { id: focused.closest('tr')?.dataset['conversationId'], action: focused.dataset['action'] } : null;

    queue = items;
    queueBody.replaceChildren(...items.map(queueRow));
    queueTable.hidden = items.length === 0;
    queueEmpty.hidden = items.length > 0;
    if (queueCount !== null && queueCount !== items.length) speak(status, t('queue.count', { count: items.length }));
    queueCount = items.length;

    if (keep) {
      const row = [...queueBody.rows].find((r) => r.dataset['conversationId'] === keep.id);
      const target = row ? [...row.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.dataset['action'] === keep.action) : undefined;
      (target ?? queueHeading).focus();
    }
  }

  function queueRow(item: QueueItem, index: number): HTMLTableRowElement {
    const row = element('tr', `kc-row kc-priority-${item.crisis ? 'crisis' : item.priority}`);
    row.dataset['conversationId'] = item.conversationId;
    if (current?.conversationId === item.conversationId) row.setAttribute('aria-current', 'true');

    const wait = element('td', 'kc-wait', waitText(item.waitingSince));
    wait.dataset['since'] = item.waitingSince;
    const theme = element('td', 'kc-theme', item.themeLabel ?? t('queue.noTheme'));
    theme.id = `queue-theme-${index}`;
    const details = element('td', 'kc-details');
    // Flags as words, not colour only.
    if (item.crisis || item.priority === 'crisis') details.append(element('span', 'kc-badge kc-badge-crisis', t('badge.crisis')));
    if (item.priority === 'urgent') details.append(element('span', 'kc-badge kc-badge-urgent', t('badge.urgent')));
    if (item.callback) {
      const text = item.callback.moment ? t('queue.callbackAt', { moment: item.callback.moment }) : t('queue.callback');
      details.append(element('span', 'kc-badge kc-badge-callback', text));
    }
    if (item.claimedBy) details.append(element('span', 'kc-claimed', t('queue.claimedBy', { name: item.claimedBy.name })));

    const actions = element('td', 'kc-actions');
    const view = button(t('queue.view'), 'kc-button kc-small kc-secondary');
    view.dataset['action'] = 'view';
    actions.append(view);
    if (item.status === 'waiting') {
      const take = button(t('queue.claim'), 'kc-button kc-small');
      take.dataset['action'] = 'claim';
      actions.append(take);
    }
    // Many rows have a "Bekijken" button: the theme cell tells them apart for screen readers.
    for (const control of actions.querySelectorAll('button')) control.setAttribute('aria-describedby', theme.id);

    row.append(wait, theme, element('td', 'kc-channel', label('channel', item.channel)), details, actions);
    return row;
  }

  function updateWaits(): void {
    for (const cell of queueBody.querySelectorAll<HTMLElement>('[data-since]')) cell.textContent = waitText(cell.dataset['since'] ?? '');
  }

  function markOpenRow(): void {
    for (const row of queueBody.rows) {
      if (row.dataset['conversationId'] === current?.conversationId) row.setAttribute('aria-current', 'true');
      else row.removeAttribute('aria-current');
    }
  }

  // ------------------------------------------------------------------ crisis
  function showCrisis(conversationId: string): void {
    const known = [...crisisAlerts.children].some((node) => (node as HTMLElement).dataset['conversationId'] === conversationId);
    if (known) return;
    const banner = element('div', 'kc-crisis-banner');
    banner.dataset['conversationId'] = conversationId;
    const open = button(t('crisis.open'));
    open.addEventListener('click', () => void loadConversation(conversationId, 'heading'));
    const dismiss = button(t('crisis.dismiss'), 'kc-button kc-secondary');
    dismiss.addEventListener('click', () => {
      banner.remove();
      queueHeading.focus();
    });
    banner.append(element('p', 'kc-crisis-text', t('crisis.alert')), open, dismiss);
    crisisAlerts.append(banner);
  }

  function removeCrisis(conversationId: string): void {
    for (const node of [...crisisAlerts.children]) {
      if ((node as HTMLElement).dataset['conversationId'] === conversationId) node.remove();
    }
  }

  // ------------------------------------------------------------------ conversation
  const isHolder = (c: Conversation) => c.status === 'claimed' && !!me && c.claimedBy?.email.toLowerCase() === me.email.toLowerCase();

  function stateText(c: Conversation): string {
    if (c.status === 'claimed') return isHolder(c) ? t('conversation.state.mine') : t('conversation.state.claimed', { name: c.claimedBy?.name ?? '' });
    if (c.status === 'closed') return t('conversation.state.closed', { outcome: c.outcome ? outcomeLabel(c.outcome) : t('summary.none') });
    return t(`conversation.state.${c.status}`);
  }

  /** Fetch and show a conversation; returns it, or null when it could not be loaded. */
  async function loadConversation(conversationId: string, focus: Focus): Promise<Conversation | null> {
    const ticket = ++loadTicket;
    // A newer load (often a refresh after a status event) may overtake this one; it then moves the focus instead.
    if (focus !== 'none') pendingFocus = focus;
    const result = await api<Conversation>(conversationPath(conversationId));
    if (ticket !== loadTicket) return null;
    const wanted = pendingFocus;
    pendingFocus = 'none';
    if (!result.ok) {
      if (result.status === 404) speak(status, t('conversation.notFound'));
      else fail(result);
      return null;
    }
    const fresh = current?.conversationId !== conversationId;
    current = result.data;
    renderConversation(current, fresh);
    if (wanted !== 'none') removeCrisis(conversationId);
    if (wanted === 'message' && !holderTools.hidden) messageInput.focus();
    else if (wanted !== 'none') conversationHeading.focus();
    return current;
  }

  function renderConversation(c: Conversation, fresh: boolean): void {
    conversationSection.hidden = false;
    const queued = queue.find((item) => item.conversationId === c.conversationId);
    const theme = c.summary?.theme?.label ?? queued?.themeLabel ?? c.theme;
    conversationHeading.textContent = theme ? t('conversation.heading', { theme }) : t('conversation.headingNoTheme');
    conversationState.textContent = stateText(c);
    claimButton.hidden = c.status !== 'waiting';
    holderTools.hidden = !isHolder(c);
    if (fresh) {
      // Another person: nothing typed for the previous one may stay behind.
      transcript.replaceChildren();
      seen.clear();
      for (const field of [messageInput, releaseNote, closeOutcome, noteInput]) field.value = '';
      for (const error of [messageError, closeError, noteError]) error.textContent = '';
    }
    renderCallback(c);
    renderWindow(c);
    renderSummary(c);
    for (const entry of c.transcript ?? []) appendEntry(entry);
    transcriptEmpty.hidden = transcript.childElementCount > 0;
    renderNotes(c.notes ?? []);
    markOpenRow();
  }

  /** WhatsApp's 24-hour window: when it closed, only the gemeente's template can reach the person. */
  function renderWindow(c: Conversation): void {
    const w = c.replyWindow;
    const closed = !!w && !w.open && c.status === 'claimed';
    windowBox.hidden = !closed;
    if (!closed || !w) return;
    windowText.textContent = t(w.template ? 'window.closed' : 'window.closedNoTemplate', { hours: w.hours });
    reengageButton.hidden = !w.template || !isHolder(c);
  }

  async function reengage(): Promise<void> {
    if (!current) return;
    const id = current.conversationId;
    const result = await api(conversationPath(id, 'reengage'), 'POST', {});
    if (result.ok) speak(status, t('window.sent'));
    else if (result.status === 409 && result.error.code === 'no_template') speak(status, t('window.closedNoTemplate', { hours: 24 }));
    else fail(result);
  }

  function renderCallback(c: Conversation): void {
    callbackBox.hidden = !c.callback && c.kind !== 'callback';
    const phone = c.callback?.phone ?? null;
    const phoneCell = byId('callback-phone');
    const digits = phone ? phone.replace(/[^\d+]/g, '') : '';
    if (phone && digits) {
      // The link is built from digits and + only, so nothing the person typed can become another kind of link.
      const link = element('a', 'kc-link', phone);
      link.href = `tel:${digits}`;
      phoneCell.replaceChildren(link);
    } else phoneCell.textContent = phone ?? t('callback.noPhone');
    byId('callback-moment').textContent = c.callback?.moment ?? t('callback.noMoment');
  }

  /** A list of plain-text items, or null when there is nothing to list. */
  function textList(items: string[]): HTMLUListElement | null {
    if (items.length === 0) return null;
    const list = element('ul', 'kc-list');
    for (const item of items) list.append(element('li', undefined, item));
    return list;
  }

  function factValue(value: string | number | boolean): string {
    return typeof value === 'boolean' ? t(value ? 'summary.yes' : 'summary.no') : String(value);
  }

  function renderSummary(c: Conversation): void {
    const s = c.summary ?? {};
    const themeText = s.theme ? [s.theme.label] : [];
    if (s.candidates?.length) themeText.push(t('summary.candidates', { themes: s.candidates.map((x) => x.label).join(', ') }));
    const rows: Array<[string, HTMLElement | string | null]> = [
      ['summary.story', textList(s.story ?? [])],
      ['summary.theme', themeText.join(' ') || null],
      ['summary.answers', textList((s.answers ?? []).map((a) => `${a.question}: ${a.answer}`))],
      ['summary.facts', textList(Object.entries(s.facts ?? {}).map(([key, value]) => `${key}: ${factValue(value)}`))],
      ['summary.signals', textList((s.signals ?? []).map((id) => label('signal', id)))],
      ['summary.checks', textList((s.checks ?? []).map((c) => `${c.label}: ${label('checkResult', c.result)}`))],
      ['summary.advice', textList((s.advice ?? []).map((a) => `${a.name} (${label('route', a.route)})`))],
      ['summary.audience', s.audience ? label('audience', s.audience) : null],
      ['summary.language', label('language', s.language || c.language)],
      ['summary.channel', label('channel', s.channel || c.channel)],
    ];
    if (s.crisis) rows.push(['summary.crisis', label('crisisCategory', s.crisis)]);
    if (c.handbackNote) rows.push(['summary.handback', c.handbackNote]);

    summaryList.replaceChildren();
    for (const [key, value] of rows) {
      const dd = element('dd');
      if (value instanceof HTMLElement) dd.append(value);
      else dd.textContent = value ?? t('summary.none');
      summaryList.append(element('dt', undefined, t(key)), dd);
    }
  }

  function appendEntry(entry: Entry): void {
    const key = `${entry.role}\u0000${entry.text}\u0000${entry.at}`;
    if (seen.has(key)) return;
    seen.add(key);
    const role = ROLES.includes(entry.role) ? entry.role : 'system';
    const item = element('div', `kc-entry kc-entry-${role}`);
    const meta = element('p', 'kc-entry-meta');
    meta.append(element('span', 'kc-entry-role', t(`transcript.role.${role}`)), ' ', timeElement(entry.at));
    item.append(meta, element('p', 'kc-entry-text', entry.text));
    transcript.append(item);
    transcript.scrollTop = transcript.scrollHeight;
    transcriptEmpty.hidden = true;
  }

  function renderNotes(notes: Note[]): void {
    notesList.replaceChildren(
      ...notes.map((note) => {
        const item = element('li', 'kc-note');
        const meta = element('p', 'kc-note-meta', t('notes.by', { name: note.adviserName, time: clock(note.at) }));
        item.append(meta, element('p', 'kc-note-text', note.text));
        return item;
      }),
    );
    notesEmpty.hidden = notes.length > 0;
  }

  // ------------------------------------------------------------------ actions on a conversation
  async function claim(conversationId: string, focus: Focus): Promise<void> {
    const result = await api<{ status: string }>(conversationPath(conversationId, 'claim'), 'POST', {});
    if (result.ok) {
      speak(status, t('conversation.claimed'));
      await loadConversation(conversationId, focus);
    } else if (result.status === 409) {
      const holder = result.error.holder;
      speak(status, holder ? t('conversation.taken', { holder }) : t('conversation.takenNoName'));
      if (current?.conversationId === conversationId) await loadConversation(conversationId, 'none');
    } else fail(result);
  }

  async function sendMessage(): Promise<void> {
    const c = current;
    const text = messageInput.value.trim();
    if (!c) return;
    if (!text) {
      messageError.textContent = t('message.empty');
      return messageInput.focus();
    }
    const result = await api<{ entry: Entry }>(conversationPath(c.conversationId, 'messages'), 'POST', { text });
    if (result.ok) {
      if (current?.conversationId === c.conversationId) appendEntry(result.data.entry);
      // Only clear when the box still holds what was sent (the adviser may have typed on meanwhile).
      if (messageInput.value.trim() === text) messageInput.value = '';
      messageError.textContent = '';
      return messageInput.focus();
    }
    if (result.status === 401) return;
    // The typed text stays in the box in every failure case.
    const reason =
      result.status === 502 || result.error.code === 'channel_unavailable'
        ? 'message.unavailable'
        : result.error.code === 'window_closed'
          ? 'message.windowClosed'
          : result.status === 409
            ? 'message.notHolder'
            : 'errors.general';
    messageError.textContent = t(result.status === 0 ? 'errors.offline' : reason);
    speak(status, messageError.textContent);
    if (result.status === 409) await loadConversation(c.conversationId, 'none');
    if (!holderTools.hidden) messageInput.focus();
  }

  async function release(): Promise<void> {
    if (!current) return;
    const id = current.conversationId;
    const result = await api(conversationPath(id, 'release'), 'POST', { note: releaseNote.value.trim() });
    if (!result.ok) return fail(result);
    releaseNote.value = '';
    speak(status, t('release.done'));
    await loadConversation(id, 'heading');
  }

  async function close(): Promise<void> {
    if (!current) return;
    const id = current.conversationId;
    const outcome = closeOutcome.value;
    if (!outcome) {
      closeError.textContent = t('close.missing');
      return closeOutcome.focus();
    }
    closeError.textContent = '';
    const result = await api(conversationPath(id, 'close'), 'POST', { outcome });
    if (!result.ok) return fail(result);
    speak(status, t('close.done'));
    await loadConversation(id, 'heading');
  }

  async function saveNote(): Promise<void> {
    const c = current;
    const text = noteInput.value.trim();
    if (!c) return;
    if (!text) {
      noteError.textContent = t('notes.missing');
      return noteInput.focus();
    }
    noteError.textContent = '';
    const result = await api<{ note: Note }>(conversationPath(c.conversationId, 'notes'), 'POST', { text });
    if (!result.ok) return fail(result);
    c.notes = [...(c.notes ?? []), result.data.note];
    if (current === c) renderNotes(c.notes);
    if (noteInput.value.trim() === text) noteInput.value = '';
    speak(status, t('notes.saved'));
    noteInput.focus();
  }

  // ------------------------------------------------------------------ wiring
  function onSubmit(form: HTMLFormElement, name: string, action: () => Promise<void>): void {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void once(name, action);
    });
  }

  onSubmit(loginForm, 'login', login);
  onSubmit(messageForm, 'message', sendMessage);
  onSubmit(releaseForm, 'release', release);
  onSubmit(closeForm, 'close', close);
  onSubmit(noteForm, 'note', saveNote);
  byId('logout-button').addEventListener('click', () => void once('logout', logout));
  reengageButton.addEventListener('click', () => void once('reengage', reengage));
  claimButton.addEventListener('click', () => {
    if (current) void once('claim', () => claim(current!.conversationId, 'message'));
  });
  // One listener for all row buttons, because rows are replaced on every queue update.
  queueBody.addEventListener('click', (event) => {
    const control = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
    const id = control?.closest('tr')?.dataset['conversationId'];
    if (!control || !id) return;
    if (control.dataset['action'] === 'claim') void once('claim', () => claim(id, 'heading'));
    else void loadConversation(id, 'heading');
  });
  messageInput.addEventListener('keydown', (event) => {
    // Enter sends, Shift+Enter makes a new line; not while an input method is still composing a word.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      messageForm.requestSubmit();
    }
  });
  window.setInterval(updateWaits, TICK_MS);

  async function loadStrings(): Promise<Tree> {
    for (;;) {
      try {
        const response = await fetch(`/adviseur/strings/${language}`, { credentials: 'same-origin' });
        if (response.ok) return (await response.json()) as Tree;
      } catch {
        // Offline at start: try again below.
      }
      await new Promise((resolve) => window.setTimeout(resolve, EVENTS_RETRY_MS));
    }
  }

  async function start(): Promise<void> {
    const [tree, session] = await Promise.all([loadStrings(), api<SessionData>(SESSION)]);
    strings = tree;
    for (const node of document.querySelectorAll<HTMLElement>('[data-t]')) node.textContent = t(node.dataset['t'] ?? '');
    app.hidden = false;
    // A reload keeps the adviser logged in: the session cookie is still there.
    if (session.ok) enterDesk(session.data);
    else showLogin();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void start());
  else void start();
})();
