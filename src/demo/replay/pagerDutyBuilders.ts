// Typed builder for PagerDuty REST API v2 incidents (`GET /incidents` items, `PUT /incidents/{id}` answers).
import type { PagerDutyFixture } from './replayServer';

let nextNumber = 1001;

function reference(type: string, id: string, summary: string, path: string): Record<string, string> {
  return {
    id,
    type,
    summary,
    self: `https://api.pagerduty.com/${path}/${id}`,
    html_url: `https://acme.pagerduty.com/${path}/${id}`,
  };
}

export class PdIncidentBuilder {
  private readonly incident: Record<string, unknown> & { service: Record<string, string> };

  constructor(title = 'Checkout 5xx ratio above 5%') {
    const number = nextNumber++;
    const id = `Q${number.toString(36).toUpperCase().padStart(6, '0')}`;
    this.incident = {
      id,
      type: 'incident',
      summary: `[#${number}] ${title}`,
      self: `https://api.pagerduty.com/incidents/${id}`,
      html_url: `https://acme.pagerduty.com/incidents/${id}`,
      incident_number: number,
      title,
      description: title,
      created_at: '2026-01-01T10:00:00Z',
      updated_at: '2026-01-01T10:00:00Z',
      status: 'triggered',
      incident_key: `key-${number}`,
      service: reference('service_reference', 'PSVC001', 'checkout-api', 'services'),
      assignments: [{ at: '2026-01-01T10:00:00Z', assignee: reference('user_reference', 'PUSR001', 'Dana On-Call', 'users') }],
      assigned_via: 'escalation_policy',
      acknowledgements: [],
      last_status_change_at: '2026-01-01T10:00:00Z',
      last_status_change_by: reference('service_reference', 'PSVC001', 'checkout-api', 'services'),
      first_trigger_log_entry: reference('trigger_log_entry_reference', `R${number}`, 'Triggered through the API', 'log_entries'),
      escalation_policy: reference('escalation_policy_reference', 'PESC001', 'Checkout on-call', 'escalation_policies'),
      teams: [],
      pending_actions: [],
      alert_counts: { all: 1, triggered: 1, resolved: 0 },
      is_mergeable: true,
      priority: null,
      urgency: 'high',
    };
  }

  get id(): string {
    return this.incident.id as string;
  }

  withId(id: string): this {
    this.incident.id = id;
    this.incident.html_url = `https://acme.pagerduty.com/incidents/${id}`;
    return this;
  }

  status(status: 'triggered' | 'acknowledged' | 'resolved'): this {
    this.incident.status = status;
    return this;
  }

  urgency(urgency: 'high' | 'low'): this {
    this.incident.urgency = urgency;
    return this;
  }

  createdAt(iso: string): this {
    this.incident.created_at = iso;
    return this;
  }

  service(id: string, summary = id): this {
    this.incident.service = reference('service_reference', id, summary, 'services');
    return this;
  }

  assignee(name: string | undefined): this {
    return this.assignees(...(name ? [name] : []));
  }

  /** Several assignees, as PagerDuty allows (one assignment each, in order). */
  assignees(...names: string[]): this {
    this.incident.assignments = names.map((name, i) => ({
      at: this.incident.created_at,
      assignee: reference('user_reference', `PUSR${String(i + 2).padStart(3, '0')}`, name, 'users'),
    }));
    return this;
  }

  priority(summary: string): this {
    this.incident.priority = reference('priority', 'PPRI001', summary, 'priorities');
    return this;
  }

  htmlUrl(url: string): this {
    this.incident.html_url = url;
    return this;
  }

  description(text: string): this {
    this.incident.description = text;
    return this;
  }

  build(): Record<string, unknown> {
    return structuredClone(this.incident);
  }
}

/** A replay-server fixture: incidents of any services, the REST key, and the users who may act. */
export function pagerDutyFixture(init: {
  token: string;
  incidents?: PdIncidentBuilder[];
  userEmails?: string[];
  maxPageSize?: number;
}): PagerDutyFixture {
  return {
    token: init.token,
    incidents: (init.incidents ?? []).map((b) => b.build()),
    userEmails: init.userEmails,
    maxPageSize: init.maxPageSize,
  };
}
