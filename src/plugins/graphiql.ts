import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative } from 'node:path';
import { renderGraphiQL, type GraphiQLOptions, type Plugin } from 'graphql-yoga';
import type { Logger } from '../logging';

/**
 * GraphiQL served from our own node_modules instead of a CDN, so the demo works on a machine
 * with no internet (or behind a strict proxy) exactly as it does anywhere else.
 */
const ASSET_ROUTE = '/graphiql-assets/';
const CDN_ASSETS = /https:\/\/unpkg\.com\/@graphql-yoga\/graphiql@[^/]+\/dist\//g;
const CDN_FAVICON = /https:\/\/raw\.githubusercontent\.com\/[^\s>"]*favicon\.ico/g;
const FAVICON = 'favicon.svg';
/** Our own small icon: the page asks nothing of the internet. */
const FAVICON_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#e535ab"/><circle cx="16" cy="16" r="7" fill="none" stroke="#fff" stroke-width="3"/></svg>';
const CONTENT_TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

const assetDirectory = join(dirname(createRequire(import.meta.url).resolve('@graphql-yoga/graphiql/package.json')), 'dist');

export function renderLocalGraphiQL(options: GraphiQLOptions): string {
  // Yoga's GraphiQL build opens on its `query` option (or its welcome text) and ignores
  // `defaultQuery`, so hand it over under that name too.
  const opening = Object.assign({}, options, { query: options.defaultQuery });
  return renderGraphiQL(opening).replace(CDN_ASSETS, ASSET_ROUTE).replace(CDN_FAVICON, `${ASSET_ROUTE}${FAVICON}`);
}

export function useLocalGraphiQLAssets(logger: Logger): Plugin {
  // Only the files the package ships are served: the list is the whitelist.
  const assets = new Map(listFiles(assetDirectory).map((file) => [relative(assetDirectory, file), file] as const));
  const loaded = new Map<string, string>();
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith(ASSET_ROUTE)) return;
      const name = decodedName(url.pathname.slice(ASSET_ROUTE.length));
      if (name === undefined) {
        logger.info({ path: url.pathname.slice(0, 200) }, 'malformed GraphiQL asset path refused');
        endResponse(new fetchAPI.Response('Bad request', { status: 400 }));
        return;
      }
      if (name === FAVICON) {
        endResponse(new fetchAPI.Response(FAVICON_SVG, { headers: { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' } }));
        return;
      }
      const file = assets.get(name);
      if (!file) {
        endResponse(new fetchAPI.Response('Not found', { status: 404 }));
        return;
      }
      const body = loaded.get(name) ?? readFileSync(file, 'utf8');
      loaded.set(name, body);
      endResponse(
        new fetchAPI.Response(body, {
          headers: { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'public, max-age=86400' },
        }),
      );
    },
  };
}

/** The asset's name, or undefined for a path that is not valid percent-encoding. */
function decodedName(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

function listFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(directory, entry.name)) : [join(directory, entry.name)],
  );
}
