import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import type { OperationResult } from '@urql/core';
import type { DashboardCreatorQuery } from '../../generated/graphql';
import { el, errorMessage, formatCount, rootFieldError } from './dom';
import type { FieldErrors } from './field-errors';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

interface Reel {
  code: string;
  playCount: number | null;
}

/** The bar chart of a creator's latest reels' play counts, with a table of the same figures. */
export class ReelsChart {
  private chart: Chart<'bar', (number | null)[], string> | undefined;

  constructor(
    private readonly target: HTMLElement,
    private readonly fieldErrors: FieldErrors,
  ) {}

  render(result: OperationResult<DashboardCreatorQuery>): void {
    const user = result.data?.user;
    if (!user) return this.replace(rootFieldError(result.error, 'user'));
    if (!user.reels) {
      const error = this.fieldErrors.at(user.id, 'reels');
      return this.replace(errorMessage(error?.message ?? `@${user.username}'s reels could not be loaded`, error?.code));
    }
    const reels = user.reels.nodes;
    if (reels.length === 0) return this.replace(el('p', { class: 'empty' }, `@${user.username} has no reels.`));
    this.draw(user.username, reels);
  }

  /** While the creator's answer is on its way. */
  pending(): void {
    this.replace(el('p', { class: 'pending' }, 'Loading reels…'));
  }

  private draw(username: string, reels: readonly Reel[]): void {
    this.chart?.destroy();
    const canvas = el('canvas', { role: 'img', 'aria-label': `Play counts of @${username}'s latest ${reels.length} reels` });
    const table = el(
      'table',
      { class: 'visually-hidden', 'data-chart-data': '' },
      el('thead', {}, el('tr', {}, el('th', {}, 'reel'), el('th', {}, 'plays'))),
      el('tbody', {}, ...reels.map((reel) => el('tr', { 'data-code': reel.code }, el('td', {}, reel.code), el('td', {}, formatCount(reel.playCount))))),
    );
    this.target.replaceChildren(el('div', { class: 'chart-box' }, canvas), table);
    this.chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: reels.map((reel) => reel.code),
        // null (the upstream did not say) leaves a gap rather than a made-up 0.
        datasets: [{ label: 'plays', data: reels.map((reel) => reel.playCount), backgroundColor: '#3b82f6' }],
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true } } },
      plugins: [{ id: 'drawn', afterRender: (chart) => chart.canvas.setAttribute('data-drawn', String(reels.length)) }],
    });
  }

  private replace(message: HTMLElement): void {
    this.chart?.destroy();
    this.chart = undefined;
    this.target.replaceChildren(message);
  }
}
