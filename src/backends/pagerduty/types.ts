// PagerDuty REST API v2 shapes as the adapter reads them, and the adapter's options.
import type { Logger } from '../../core/log';
import type { HttpClient } from '../http/types';

export interface PagerDutyClientOptions {
  /** `https://api.pagerduty.com` (or `https://api.eu.pagerduty.com`). */
  baseUrl: string;
  http: HttpClient;
  /** The raw REST API key; sent as `Authorization: Token token=<key>`. Read per request. */
  getToken: () => Promise<string | undefined> | string | undefined;
  /** Unix ms; `until` defaults to it when checking a date range. */
  now?: () => number;
  /** How the user sets the acknowledging user's email, named in the error when it is missing. */
  fromEmailSetting?: string;
  log?: Pick<Logger, 'warn'>;
}

export type PagerDutyIncidentStatus = 'triggered' | 'acknowledged' | 'resolved';

export interface PagerDutyIncidentsQuery {
  /** PagerDuty service ids (`PXXXXXX`); at least one. */
  serviceIds: readonly string[];
  /** Default `['triggered', 'acknowledged']`: what someone should be looking at. */
  statuses?: readonly PagerDutyIncidentStatus[];
  /** ISO 8601. Without `since` and `until` every open incident counts, however old (`date_range=all`). */
  since?: string;
  until?: string;
  /** Total incidents wanted across pages. Default 100. */
  limit?: number;
}

/** `{"error": {"message", "code", "errors": []}}`, PagerDuty's error envelope. */
export interface PagerDutyApiError {
  message?: string;
  code?: number;
  errors: string[];
}

export interface PagerDutyPage<T> {
  items: T[];
  limit?: number;
  offset?: number;
  more: boolean;
  total?: number;
}
