import { cp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The folder, next to index.html, that holds Playwright's trace viewer (shipped with @playwright/test). */
const TRACE_VIEWER_DIR = 'trace-viewer';

/** Copies Playwright's own trace viewer next to the report, so a trace never goes to a viewer on the internet. */
export async function shipTraceViewer(outputDir: string): Promise<void> {
  const core = path.dirname(createRequire(import.meta.url).resolve('playwright-core/package.json'));
  await cp(path.join(core, 'lib', 'vite', 'traceViewer'), path.join(outputDir, TRACE_VIEWER_DIR), { recursive: true });
}

/** A rewrite of the generated HTML that must apply: when Allure's bundle changes shape, the build says so. */
function mustReplace(html: string, pattern: RegExp, by: string, what: string): string {
  if (!pattern.test(html))
    throw new Error(`the Allure report no longer contains ${what}; helpers/runner/report-html.ts needs updating`);
  return html.replace(pattern, by);
}

/**
 * Makes the single file offline and readable: no analytics script, the trace opened in the shipped viewer,
 * the app's data defined before the app looks for it on disk, and the owner's verdict banner on top.
 */
export function rewriteReportHtml(html: string, banner: string, style: string): string {
  let out = mustReplace(
    html,
    /<script async src="https:\/\/www\.googletagmanager\.com[\s\S]*?<\/script>\s*<script>[\s\S]*?gtag\([\s\S]*?<\/script>/,
    '',
    'its analytics script',
  );
  // The "Open Playwright Trace" button: the trace goes by postMessage to a window it opens on the viewer. The app's
  // code is a base64 data: script in single-file mode.
  let patched = false;
  out = out.replace(/data:text\/javascript;base64,([A-Za-z0-9+/=]+)/g, (whole, b64: string) => {
    const code = Buffer.from(b64, 'base64').toString('utf8');
    if (!code.includes('https://trace.playwright.dev')) return whole;
    patched = true;
    const local = mustReplace(
      code,
      /"https:\/\/trace\.playwright\.dev",(\w+)=`\$\{\w+\}\/`/,
      `"*",$1=new URL("${TRACE_VIEWER_DIR}/index.html",location.href).href`,
      'the Playwright trace viewer address',
    );
    return `data:text/javascript;base64,${Buffer.from(local, 'utf8').toString('base64')}`;
  });
  if (!patched)
    throw new Error('the Allure report no longer opens traces as expected; update helpers/runner/report-html.ts');
  // The single file defines window.allureReportData only after the app script, which then sometimes looks for
  // its data on disk (fetch of file:// fails: an empty report). Defining it first makes the app wait for the data.
  out = out.replace(
    '<head>',
    `<head><script>window.allureReportData = window.allureReportData || {};</script><style>${style}</style>`,
  );
  return mustReplace(out, /<div id="app"><\/div>/, `${banner}<div id="app"></div>`, 'its app root');
}
