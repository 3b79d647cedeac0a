import type { Client, OperationResult } from '@urql/core';
import { DashboardFollowersReelsDocument, type DashboardFollowersReelsQuery } from '../../generated/graphql';
import { el, errorMessage, formatCount, rootFieldError } from './dom';
import type { FieldErrors } from './field-errors';

type Follower = NonNullable<NonNullable<DashboardFollowersReelsQuery['user']>['followers']>['nodes'][number];

/**
 * "Followers' latest reels": a page of followers renders as soon as it arrives, each follower's
 * reels fill in as their deferred payloads do; "Load more" asks for the page after the last one
 * and graphcache's relayPagination answers with every page so far.
 */
export class FollowersGrid {
  private unsubscribe: (() => void) | undefined;
  private username = '';
  private endCursor: string | null = null;
  private readonly grid = el('div', { class: 'grid' });
  private readonly status = el('p', { class: 'status', 'aria-live': 'polite' });
  private readonly loadMore = el('button', { type: 'button', class: 'load-more', disabled: '' }, 'Load more');

  constructor(
    private readonly target: HTMLElement,
    private readonly client: Client,
    private readonly fieldErrors: FieldErrors,
  ) {
    this.loadMore.addEventListener('click', () => {
      if (this.endCursor) this.query(this.endCursor);
    });
    target.replaceChildren(this.grid, this.status, this.loadMore);
  }

  show(username: string): void {
    this.username = username;
    this.endCursor = null;
    this.grid.replaceChildren();
    this.query(null);
  }

  private query(after: string | null): void {
    this.unsubscribe?.();
    this.loadMore.disabled = true;
    this.status.textContent = 'Loading followers…';
    const variables = { username: this.username, after };
    this.unsubscribe = this.client.query(DashboardFollowersReelsDocument, variables).subscribe((result) => this.render(result)).unsubscribe;
  }

  private render(result: OperationResult<DashboardFollowersReelsQuery>): void {
    const user = result.data?.user;
    if (!user?.followers) {
      const error = user ? this.fieldErrors.at(user.id, 'followers') : undefined;
      const message = user
        ? errorMessage(error?.message ?? `@${this.username}'s followers could not be loaded`, error?.code)
        : rootFieldError(result.error, 'user');
      this.grid.replaceChildren(message);
      this.status.textContent = '';
      return;
    }
    const { nodes, pageInfo } = user.followers;
    this.grid.replaceChildren(...nodes.map((follower) => this.card(follower)));
    const loading = result.stale || result.hasNext;
    this.endCursor = pageInfo.hasNextPage ? pageInfo.endCursor : null;
    this.loadMore.disabled = loading || !this.endCursor;
    this.status.textContent = loading ? 'Loading…' : `${nodes.length} followers${this.endCursor ? '' : ', all of them'}`;
  }

  private card(follower: Follower): HTMLElement {
    return el(
      'article',
      { class: 'follower', 'data-username': follower.username },
      el(
        'header',
        {},
        el('div', { class: 'avatar small', 'aria-hidden': 'true' }, follower.username.charAt(0).toUpperCase()),
        el('div', {}, el('h3', {}, `@${follower.username}`, follower.isVerified && el('span', { class: 'badge', title: 'verified' }, '✓')), el('p', { class: 'full-name' }, follower.fullName ?? '')),
      ),
      this.reels(follower),
    );
  }

  private reels(follower: Follower): HTMLElement {
    if (!follower.reels) {
      const error = this.fieldErrors.at(follower.id, 'reels');
      // Graphcache keeps a deferred field that failed as missing, not null: the error it came
      // with tells it apart from one whose payload is still on its way.
      if (follower.reels === undefined && !error) return el('p', { class: 'pending' }, 'Loading reels…');
      return errorMessage(error?.message ?? 'Reels could not be loaded', error?.code);
    }
    if (follower.reels.nodes.length === 0) return el('p', { class: 'empty' }, 'No reels yet');
    return el(
      'ol',
      { class: 'reels' },
      ...follower.reels.nodes.map((reel) => el('li', { 'data-code': reel.code }, el('code', {}, reel.code), el('span', { class: 'plays' }, `${formatCount(reel.playCount)} plays`))),
    );
  }
}
