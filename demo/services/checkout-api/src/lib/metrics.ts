import type { NextFunction, Request, Response } from 'express';
import client from 'prom-client';

const requests = new client.Counter({ name: 'http_requests_total', help: 'Requests', labelNames: ['route', 'method', 'status'] });
const duration = new client.Histogram({ name: 'http_request_duration_seconds', help: 'Latency', labelNames: ['route', 'method'] });

export function metricsMiddleware(req: Request, res: Response, next: NextFunction): void {
  const end = duration.startTimer();
  res.on('finish', () => {
    const route = `${req.baseUrl}${req.route?.path ?? ''}` || 'unmatched';
    requests.inc({ route, method: req.method, status: String(res.statusCode) });
    end({ route, method: req.method });
  });
  next();
}

export async function metricsHandler(_req: Request, res: Response): Promise<void> {
  res.set('Content-Type', client.register.contentType).send(await client.register.metrics());
}
