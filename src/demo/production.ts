// The demo production: real Prometheus (history backfilled with promtool, then scraping the story's live
// /metrics) and real Alertmanager (alerts posted by the story), plus a local server speaking Sentry's and
// PagerDuty's REST APIs. The same adapters the extension uses talk to all of them, unchanged.
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { startReplayServer, type ReplayRequest } from './replay/replayServer';
import { demoAlerts, pagerDutyDemoFixture, sentryDemoFixture } from './fixtures';
import { findBinary, run, startProcess, type ManagedProcess } from './processes';
import { exposition, historyOpenMetrics, Story } from './story';

export const DEMO_PORTS = { prometheus: 39090, alertmanager: 39093, replay: 39000, metrics: 39100 } as const;

export interface DemoProduction {
  urls: { prometheus: string; alertmanager: string; sentry: string; pagerduty: string };
  story: Story;
  /** Every request the Sentry/PagerDuty stand-in received, in order: tests count what a client sent. */
  replayRequests: readonly ReplayRequest[];
  stop(): Promise<void>;
}

export const INSTALL_HINT = 'apt-get install -y --no-install-recommends prometheus prometheus-alertmanager';

export async function startDemoProduction(options: { log?: (line: string) => void; ports?: Partial<Record<keyof typeof DEMO_PORTS, number>> } = {}): Promise<DemoProduction> {
  const log = options.log ?? (() => undefined);
  const ports = { ...DEMO_PORTS, ...options.ports };
  const prometheus = findBinary(['prometheus']);
  const promtool = findBinary(['promtool']);
  const alertmanager = findBinary(['prometheus-alertmanager', 'alertmanager']);
  if (!prometheus || !promtool || !alertmanager) throw new Error(`The demo production runs real Prometheus and Alertmanager: ${INSTALL_HINT}`);

  const story = new Story(Math.floor(Date.now() / 1000));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-demo-'));
  const stops: (() => Promise<void>)[] = [() => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true }))];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    // Live values for Prometheus to scrape: the story's counters, continuing the backfilled history.
    const metrics = http.createServer((req, res) => {
      if (req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(exposition(story, Date.now() / 1000));
    });
    await new Promise<void>((resolve, reject) => metrics.once('error', reject).listen(ports.metrics, '127.0.0.1', resolve));
    stops.push(() => new Promise<void>((resolve) => metrics.close(() => resolve())));

    log('backfilling 26 h of history with promtool…');
    const om = path.join(dir, 'history.om');
    fs.writeFileSync(om, historyOpenMetrics(story, story.startS));
    const data = path.join(dir, 'prometheus');
    await run(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', om, data]);
    fs.rmSync(om);

    const amData = path.join(dir, 'alertmanager');
    fs.mkdirSync(amData);
    fs.writeFileSync(path.join(dir, 'am.yml'), 'route:\n  receiver: demo\n  group_wait: 1s\nreceivers:\n  - name: demo\n');
    const am = await startProcess(alertmanager, [`--config.file=${path.join(dir, 'am.yml')}`, `--storage.path=${amData}`, `--web.listen-address=127.0.0.1:${ports.alertmanager}`, '--cluster.listen-address='], `http://127.0.0.1:${ports.alertmanager}/-/ready`);
    stops.push(() => am.stop());

    fs.writeFileSync(path.join(dir, 'prom.yml'), [
      'global:',
      '  scrape_interval: 5s',
      'scrape_configs:',
      '  - job_name: demo',
      // The story's series carry their own `job` labels (checkout-api, billing).
      '    honor_labels: true',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${ports.metrics}']`,
      '',
    ].join('\n'));
    const prom: ManagedProcess = await startProcess(prometheus, [`--config.file=${path.join(dir, 'prom.yml')}`, `--storage.tsdb.path=${data}`, `--web.listen-address=127.0.0.1:${ports.prometheus}`, '--storage.tsdb.retention.time=30d'], `http://127.0.0.1:${ports.prometheus}/-/ready`);
    stops.push(() => prom.stop());

    const replay = await startReplayServer({ sentry: sentryDemoFixture(story, story.startS), pagerduty: pagerDutyDemoFixture(story), port: ports.replay });
    stops.push(() => replay.stop());

    const amUrl = `http://127.0.0.1:${ports.alertmanager}`;
    const postAlerts = () => postJson(`${amUrl}/api/v2/alerts`, demoAlerts(story, Math.floor(Date.now() / 1000)));
    const alertsFailed = (err: unknown) => log(`posting alerts failed: ${String(err)}`);
    await postAlerts().catch(alertsFailed);
    const timer = setInterval(() => {
      postAlerts().catch(alertsFailed);
    }, 60_000);
    stops.push(() => Promise.resolve(clearInterval(timer)));

    return {
      urls: { prometheus: `http://127.0.0.1:${ports.prometheus}`, alertmanager: amUrl, sentry: `${replay.url}`, pagerduty: `${replay.url}` },
      story,
      replayRequests: replay.requests,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

function postJson(url: string, body: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(data);
  });
}
