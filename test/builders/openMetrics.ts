// Builds OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`: deterministic history that a
// real Prometheus can query at once. Samples are grouped per family (OpenMetrics forbids interleaving) and the
// text ends with `# EOF`, without which promtool refuses the file.
import type { Labels } from './prometheus';

type FamilyType = 'counter' | 'gauge' | 'histogram';

interface Family {
  type: FamilyType;
  help: string;
  lines: string[];
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

function formatNumber(v: number): string {
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

export class OpenMetricsBuilder {
  private readonly families = new Map<string, Family>();

  private family(name: string, type: FamilyType, help: string): Family {
    let family = this.families.get(name);
    if (!family) {
      family = { type, help, lines: [] };
      this.families.set(name, family);
    }
    if (family.type !== type) throw new Error(`${name} is already a ${family.type}`);
    return family;
  }

  /** One counter sample; `name` is the family name, the sample is written as `<name>_total`. */
  counter(name: string, labels: Labels, value: number, unixSeconds: number, help = name): this {
    this.family(name, 'counter', help).lines.push(`${name}_total${formatLabels(labels)} ${formatNumber(value)} ${unixSeconds}`);
    return this;
  }

  gauge(name: string, labels: Labels, value: number, unixSeconds: number, help = name): this {
    this.family(name, 'gauge', help).lines.push(`${name}${formatLabels(labels)} ${formatNumber(value)} ${unixSeconds}`);
    return this;
  }

  /**
   * One histogram point: cumulative bucket counts by upper bound (must include +Inf), the sum, and the count
   * taken from the +Inf bucket.
   */
  histogram(name: string, labels: Labels, cumulative: ReadonlyMap<number, number>, sum: number, unixSeconds: number, help = name): this {
    const family = this.family(name, 'histogram', help);
    const bounds = [...cumulative.keys()].sort((a, b) => a - b);
    if (bounds[bounds.length - 1] !== Infinity) throw new Error('a histogram needs a +Inf bucket');
    for (const le of bounds) {
      family.lines.push(`${name}_bucket${formatLabels({ ...labels, le: formatNumber(le) })} ${cumulative.get(le)} ${unixSeconds}`);
    }
    family.lines.push(`${name}_count${formatLabels(labels)} ${cumulative.get(Infinity)} ${unixSeconds}`);
    family.lines.push(`${name}_sum${formatLabels(labels)} ${formatNumber(sum)} ${unixSeconds}`);
    return this;
  }

  build(): string {
    const out: string[] = [];
    for (const [name, family] of this.families) {
      out.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.type}`, ...family.lines);
    }
    out.push('# EOF', '');
    return out.join('\n');
  }
}
