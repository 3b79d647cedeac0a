import './style.css';
import { DashboardCreatorDocument } from '../../generated/graphql';
import { ReelsChart } from './chart';
import { createDashboardClient } from './client';
import { CostPanel } from './costs';
import { byId } from './dom';
import { FieldErrors } from './field-errors';
import { FollowersGrid } from './followers';
import { renderProfile } from './profile';

const fieldErrors = new FieldErrors();
const costs = new CostPanel(byId('costs'));
const client = createDashboardClient({ url: '/graphql', fieldErrors, onCost: (operation, cost) => costs.add(operation, cost) });
const chart = new ReelsChart(byId('chart'), fieldErrors);
const followers = new FollowersGrid(byId('followers'), client, fieldErrors);
const form = byId<HTMLFormElement>('creator-form');
const input = byId<HTMLInputElement>('username');
let unsubscribeCreator: (() => void) | undefined;

function show(username: string): void {
  unsubscribeCreator?.();
  byId('profile').textContent = `Loading @${username}…`;
  chart.pending();
  unsubscribeCreator = client.query(DashboardCreatorDocument, { username }).subscribe((result) => {
    renderProfile(byId('profile'), result);
    chart.render(result);
  }).unsubscribe;
  followers.show(username);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const username = input.value.trim();
  if (username) show(username);
});

input.value = new URLSearchParams(location.search).get('username') ?? 'natgeo';
show(input.value);
