// Our own pages and the widget files: the demo page of "Gemeente Voorbeeld" on /, and /webchat/widget.js, its
// stylesheet and its words (from content/locales/<lng>/widget.json). Pages carry a strict Content-Security-Policy:
// no inline script or style, no eval, connections only to this server.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import type { Content } from '../content/types.js';
import { packageRoot } from '../config.js';

interface Asset {
  file: string;
  type: string;
}

const ASSETS: Record<string, Asset> = {
  '/': { file: 'web/demo/index.html', type: 'text/html; charset=utf-8' },
  '/demo.css': { file: 'web/demo/demo.css', type: 'text/css; charset=utf-8' },
  '/webchat/widget.js': { file: 'dist/web/widget/widget.js', type: 'text/javascript; charset=utf-8' },
  '/webchat/widget.css': { file: 'web/widget/widget.css', type: 'text/css; charset=utf-8' },
  '/adviseur': { file: 'web/adviser/index.html', type: 'text/html; charset=utf-8' },
  '/adviseur/console.js': { file: 'dist/web/adviser/console.js', type: 'text/javascript; charset=utf-8' },
  '/adviseur/console.css': { file: 'web/adviser/console.css', type: 'text/css; charset=utf-8' },
};

/** Pages (not scripts or styles): never cached, and the console is never framed. */
const PAGES = new Set(['/', '/adviseur']);

/** The policy for our pages; the WebSocket stream is on this same host. */
export function contentSecurityPolicy(host: string | undefined): string {
  const sockets = host ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self'${sockets}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
  ].join('; ');
}

function setSecurityHeaders(req: Request, res: Response): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(req.headers.host));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

export function registerWeb(server: Server, deps: { content: Content; root?: string }): void {
  const root = deps.root ?? packageRoot();
  // Read once at start-up (small files); a missing build is reported on request, not as a crash.
  const cache = new Map<string, Buffer | null>();
  const load = (asset: Asset): Buffer | null => {
    if (!cache.has(asset.file)) {
      try {
        cache.set(asset.file, readFileSync(path.join(root, asset.file)));
      } catch {
        cache.set(asset.file, null);
      }
    }
    return cache.get(asset.file) ?? null;
  };

  for (const [route, asset] of Object.entries(ASSETS)) {
    server.get(route, (req, res, next) => {
      const body = load(asset);
      setSecurityHeaders(req, res);
      if (!body) {
        res.send(503, { error: { code: 'NotBuilt', message: `${asset.file} is missing; run npm run build` } });
        return next(false);
      }
      res.setHeader('Content-Type', asset.type);
      res.setHeader('Cache-Control', PAGES.has(route) ? 'no-cache' : 'public, max-age=300');
      if (route.startsWith('/adviseur')) {
        // The console is never shown inside another page (clickjacking) and never cached by a shared proxy.
        res.setHeader('Content-Security-Policy', contentSecurityPolicy(req.headers.host).replace("frame-ancestors 'self'", "frame-ancestors 'none'"));
        res.setHeader('X-Frame-Options', 'DENY');
        res.setHeader('Cache-Control', route === '/adviseur' ? 'no-store' : 'private, max-age=300');
      }
      // restify patches writeHead for the whole process: status and end as separate calls.
      res.writeHead(200);
      res.end(body);
      return next();
    });
  }

  // The words of the widget and of the adviser console, from content/locales/<lng>/<namespace>.json.
  for (const [route, namespace] of [
    ['/webchat/strings/:language', 'widget'],
    ['/adviseur/strings/:language', 'console'],
  ] as const) {
    server.get(route, (req, res, next) => {
      const language = req.params?.language === 'en' ? 'en' : req.params?.language === 'nl' ? 'nl' : null;
      if (!language) {
        res.send(404, { error: { code: 'NotFound', message: 'Languages: nl, en' } });
        return next(false);
      }
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.send(200, deps.content.locales[language][namespace] ?? {});
      return next();
    });
  }
}
