import type { OperationResult } from '@urql/core';
import type { DashboardCreatorQuery } from '../../generated/graphql';
import { el, formatCount, rootFieldError } from './dom';

type Creator = NonNullable<DashboardCreatorQuery['user']>;

/** The creator's profile card, or the reason there is none. */
export function renderProfile(target: HTMLElement, result: OperationResult<DashboardCreatorQuery>): void {
  const user = result.data?.user;
  target.replaceChildren(user ? profileCard(user) : rootFieldError(result.error, 'user'));
}

function profileCard(user: Creator): HTMLElement {
  const stat = (label: string, value: number | null) =>
    el('div', { class: 'stat', 'data-stat': label }, el('strong', {}, formatCount(value)), el('span', {}, label));
  return el(
    'article',
    { class: 'profile', 'data-username': user.username },
    el('div', { class: 'avatar', 'aria-hidden': 'true' }, user.username.charAt(0).toUpperCase()),
    el(
      'div',
      {},
      el('h2', {}, `@${user.username}`, user.isVerified && el('span', { class: 'badge', title: 'verified' }, '✓'), user.isPrivate && el('span', { class: 'badge' }, 'private')),
      el('p', { class: 'full-name' }, user.fullName ?? ''),
      user.biography && el('p', { class: 'biography' }, user.biography),
      el('div', { class: 'stats' }, stat('followers', user.followerCount), stat('following', user.followingCount), stat('posts', user.mediaCount)),
    ),
  );
}
